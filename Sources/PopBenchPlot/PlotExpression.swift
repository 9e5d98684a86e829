import Foundation

/// A real function of `x` written as a small arithmetic expression, e.g. `2.1*log(x)+0.3`.
///
/// Grammar: numbers (`2`, `0.5`, `1e-3`), the variable `x`, the constants `pi` and `e`,
/// `+ - * /`, powers `^` or `**` (right-associative, binding tighter than unary minus, so
/// `-x^2` is `-(x^2)`), parentheses, and the functions `log` (natural), `log10`, `log2`, `exp`,
/// `sqrt`, `abs`, `sin`, `cos`, `tan`, `atan`, `tanh`, `floor`, `ceil`. This covers every
/// `FitShape` formula.
///
/// `PlotWriter` evaluates the expression itself and writes the sampled curve to the data file,
/// so no user text ever reaches gnuplot as code.
public struct PlotExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as given.
    public let text: String
    private let root: Node

    /// Parses `text`; throws `PlotError.invalidExpression` when it is not in the grammar.
    public init(_ text: String) throws {
        self.text = text
        var parser = Parser(text: text)
        root = try parser.parseAll()
    }

    /// The value at `x` (NaN or infinite where the function is undefined, e.g. `log(-1)`).
    public func callAsFunction(_ x: Double) -> Double { root.evaluate(x) }

    /// The expression as given.
    public var description: String { text }

    indirect enum Node: Sendable, Hashable {
        case number(Double)
        case variable
        case negate(Node)
        case binary(Character, Node, Node)
        case call(String, Node)

        func evaluate(_ x: Double) -> Double {
            switch self {
            case .number(let value): return value
            case .variable: return x
            case .negate(let operand): return -operand.evaluate(x)
            case .binary(let op, let lhs, let rhs):
                let a = lhs.evaluate(x), b = rhs.evaluate(x)
                switch op {
                case "+": return a + b
                case "-": return a - b
                case "*": return a * b
                case "/": return a / b
                default: return Foundation.pow(a, b)
                }
            case .call(let name, let argument):
                return PlotExpression.functions[name]!(argument.evaluate(x))
            }
        }
    }

    static let functions: [String: @Sendable (Double) -> Double] = [
        "log": { Foundation.log($0) }, "log10": { Foundation.log10($0) },
        "log2": { Foundation.log2($0) }, "exp": { Foundation.exp($0) },
        "sqrt": { $0.squareRoot() }, "abs": { Swift.abs($0) },
        "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) },
        "tan": { Foundation.tan($0) }, "atan": { Foundation.atan($0) },
        "tanh": { Foundation.tanh($0) }, "floor": { $0.rounded(.down) },
        "ceil": { $0.rounded(.up) },
    ]

    /// A recursive-descent parser over the expression's characters.
    private struct Parser {
        let text: String
        let chars: [Character]
        var position = 0

        init(text: String) {
            self.text = text
            chars = Array(text)
        }

        mutating func parseAll() throws -> Node {
            let node = try parseSum()
            skipSpaces()
            if position < chars.count { throw failure("unexpected '\(chars[position])'") }
            return node
        }

        private func failure(_ reason: String) -> PlotError {
            .invalidExpression(text, reason: "\(reason) at offset \(position)")
        }

        private mutating func skipSpaces() {
            while position < chars.count, chars[position] == " " || chars[position] == "\t" {
                position += 1
            }
        }

        private mutating func peek() -> Character? {
            skipSpaces()
            return position < chars.count ? chars[position] : nil
        }

        private mutating func parseSum() throws -> Node {
            var node = try parseProduct()
            while let op = peek(), op == "+" || op == "-" {
                position += 1
                node = .binary(op, node, try parseProduct())
            }
            return node
        }

        private mutating func parseProduct() throws -> Node {
            var node = try parseUnary()
            while let op = peek(), op == "/" || (op == "*" && !nextIsDoubleStar()) {
                position += 1
                node = .binary(op, node, try parseUnary())
            }
            return node
        }

        private mutating func parseUnary() throws -> Node {
            switch peek() {
            case "-":
                position += 1
                return .negate(try parseUnary())
            case "+":
                position += 1
                return try parseUnary()
            default:
                return try parsePower()
            }
        }

        private func nextIsDoubleStar() -> Bool {
            position + 1 < chars.count && chars[position] == "*" && chars[position + 1] == "*"
        }

        private mutating func parsePower() throws -> Node {
            let base = try parsePrimary()
            if peek() == "^" {
                position += 1
            } else if peek() == "*", nextIsDoubleStar() {
                position += 2
            } else {
                return base
            }
            return .binary("^", base, try parseUnary())
        }

        private mutating func parsePrimary() throws -> Node {
            guard let c = peek() else { throw failure("unexpected end") }
            if c == "(" {
                position += 1
                let inner = try parseSum()
                guard peek() == ")" else { throw failure("missing ')'") }
                position += 1
                return inner
            }
            if c.isASCII, c.isNumber || c == "." { return try parseNumber() }
            if c.isASCII, c.isLetter { return try parseIdentifier() }
            throw failure("unexpected '\(c)'")
        }

        private mutating func parseNumber() throws -> Node {
            let start = position
            while position < chars.count, chars[position].isASCII,
                  chars[position].isNumber || chars[position] == "." {
                position += 1
            }
            if position < chars.count, chars[position] == "e" || chars[position] == "E" {
                var probe = position + 1
                if probe < chars.count, chars[probe] == "+" || chars[probe] == "-" { probe += 1 }
                if probe < chars.count, chars[probe].isASCII, chars[probe].isNumber {
                    position = probe
                    while position < chars.count, chars[position].isASCII,
                          chars[position].isNumber {
                        position += 1
                    }
                }
            }
            guard let value = Double(String(chars[start..<position])) else {
                throw failure("malformed number '\(String(chars[start..<position]))'")
            }
            return .number(value)
        }

        private mutating func parseIdentifier() throws -> Node {
            let start = position
            while position < chars.count, chars[position].isASCII,
                  chars[position].isLetter || chars[position].isNumber || chars[position] == "_" {
                position += 1
            }
            let name = String(chars[start..<position])
            switch name {
            case "x": return .variable
            case "pi": return .number(Double.pi)
            case "e": return .number(M_E)
            default: break
            }
            guard PlotExpression.functions[name] != nil else {
                throw failure("unknown name '\(name)'")
            }
            guard peek() == "(" else { throw failure("'\(name)' needs an argument in ( )") }
            position += 1
            let argument = try parseSum()
            guard peek() == ")" else { throw failure("missing ')'") }
            position += 1
            return .call(name, argument)
        }
    }
}
