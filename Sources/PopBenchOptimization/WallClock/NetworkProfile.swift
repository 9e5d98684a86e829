import Foundation
import PopBenchCore

/// A network for the simulated wall clock: latency alpha and bandwidth beta with the source of
/// the numbers. `--network NAME|FILE` picks a built-in preset or reads a profile file (the
/// format the MPI calibration writes); `--latency` and `--bandwidth` override its values.
///
/// Profile file, JSON (`.json`) or the equivalent flat YAML (`key: value` lines, `#` comments):
///
///     { "name": "mycluster", "latency": 1.5e-6, "bandwidth": 1.2e10,
///       "source": "popbench MPI calibration, 2026-11-30" }
///
/// latency in seconds per message, bandwidth in bytes per second per node (point to point).
public struct NetworkProfile: Sendable, Hashable, Codable {
    public var name: String
    /// alpha, seconds.
    public var latency: Double
    /// beta, bytes per second.
    public var bandwidth: Double
    /// Where the numbers come from.
    public var source: String

    public init(name: String, latency: Double, bandwidth: Double, source: String) {
        self.name = name; self.latency = latency; self.bandwidth = bandwidth; self.source = source
    }

    /// The built-in presets. Each is an order-of-magnitude description of a class of cluster,
    /// not a measurement of one machine: calibrate with real runs where it matters.
    public static let presets: [NetworkProfile] = [
        NetworkProfile(name: "10gbe", latency: 5e-5, bandwidth: 1.25e9,
                       source: "commodity 10 Gigabit Ethernet: 10 Gbit/s line rate (IEEE 802.3ae); "
                           + "latency 50 us, an assumed MPI-over-kernel-TCP round of tens of microseconds"),
        NetworkProfile(name: "ib-edr", latency: 1e-6, bandwidth: 1.25e10,
                       source: "InfiniBand EDR 4x: 100 Gbit/s data rate (InfiniBand Trade Association roadmap); "
                           + "latency about 1 us, typical of MPI ping-pong over RDMA (OSU micro-benchmarks)"),
        NetworkProfile(name: "aries", latency: 1.3e-6, bandwidth: 1.0e10,
                       source: "Cray Aries (Cray XC, e.g. Piz Daint, where the seed paper's speed experiment ran): "
                           + "about 10 GB/s per-node injection bandwidth and about 1.3 us MPI latency "
                           + "(B. Alverson et al., Cray XC Series Network, Cray white paper WP-Aries01-1112, 2012)"),
    ]

    /// The names of the presets.
    public static var presetNames: [String] { presets.map(\.name) }

    /// The preset called `text`, or else the profile file at path `text`.
    public static func resolve(_ text: String) throws -> NetworkProfile {
        if let p = presets.first(where: { $0.name == text }) { return p }
        guard FileManager.default.fileExists(atPath: text) else {
            throw UsageError("--network: '\(text)' is neither a preset nor a file; presets: \(presetNames.joined(separator: ", "))")
        }
        guard let data = FileManager.default.contents(atPath: text), let body = String(data: data, encoding: .utf8) else {
            throw UsageError("--network: cannot read '\(text)'")
        }
        return try parse(body, file: text)
    }

    /// Parses a profile (JSON if it starts with `{`, else flat YAML) and checks its values.
    public static func parse(_ body: String, file: String = "<profile>") throws -> NetworkProfile {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        var fields: [String: String] = [:]
        if trimmed.hasPrefix("{") {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                throw UsageError("--network: \(file): not a JSON object")
            }
            for (k, v) in obj { fields[k] = "\(v)" }
        } else {
            for (n, raw) in trimmed.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                guard let colon = line.firstIndex(of: ":") else {
                    throw UsageError("--network: \(file):\(n + 1): expected 'key: value'")
                }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                fields[key] = value
            }
        }
        func number(_ key: String, _ allowed: String, _ ok: (Double) -> Bool) throws -> Double {
            guard let text = fields[key] else { throw UsageError("--network: \(file): missing '\(key)' (\(allowed))") }
            guard let v = Double(text), v.isFinite, ok(v) else {
                throw UsageError("--network: \(file): \(key) '\(text)' is not allowed; allowed: \(allowed)")
            }
            return v
        }
        return NetworkProfile(name: fields["name"] ?? file,
                              latency: try number("latency", "seconds >= 0", { $0 >= 0 }),
                              bandwidth: try number("bandwidth", "bytes per second > 0", { $0 > 0 }),
                              source: fields["source"] ?? "")
    }

    /// Parameter overrides for this network: `latency` and `bandwidth`, unless `explicit`
    /// already sets them (`--latency`, `--bandwidth` win over the preset).
    public func overrides(keeping explicit: [String: String]) -> [String: String] {
        var out = explicit
        if out["latency"] == nil { out["latency"] = formatReal(latency) }
        if out["bandwidth"] == nil { out["bandwidth"] = formatReal(bandwidth) }
        return out
    }

    /// Replaces a `network` entry of `overrides` by the latency and bandwidth it names.
    public static func expand(_ overrides: [String: String]) throws -> [String: String] {
        guard let name = overrides["network"] else { return overrides }
        var rest = overrides
        rest["network"] = nil
        return try resolve(name).overrides(keeping: rest)
    }
}
