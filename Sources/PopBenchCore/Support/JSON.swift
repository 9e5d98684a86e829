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
