import Foundation

/// The JSON conventions of every file and `--json` output popbench writes: sorted keys (stable
/// diffs, byte-identical reruns) and non-finite numbers as the strings "inf", "-inf", "nan".
public enum JSON {
    /// An encoder for one-line records (`trials.jsonl`).
    public static func lineEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    /// An encoder for documents meant to be read by people too (manifests, reports).
    public static func prettyEncoder() -> JSONEncoder {
        let e = lineEncoder()
        e.outputFormatting.insert(.prettyPrinted)
        return e
    }

    /// The matching decoder.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}

extension JSON {
    /// The version of the machine-readable output (`--json`, `report.json`), documented in
    /// docs/json-format.md. Adding a key keeps it; renaming or removing one, or changing a
    /// key's meaning, raises it.
    public static let schemaVersion = 1

    /// `value` as one JSON document with `schema_version` added beside its top-level keys.
    public static func versioned<T: Encodable>(_ value: T) -> some Encodable { Versioned(value: value) }
}

/// An Encodable object with `schema_version` added to its top-level keyed container.
private struct Versioned<Value: Encodable>: Encodable {
    let value: Value

    private enum Key: String, CodingKey { case schemaVersion = "schema_version" }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(JSON.schemaVersion, forKey: .schemaVersion)
    }
}
