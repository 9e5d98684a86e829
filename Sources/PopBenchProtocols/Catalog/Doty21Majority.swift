import Foundation
import PopBenchCore

/// `doty21-majority`: the stable exact-majority protocol of Doty, Eftekhari, Gąsieniec, Severson,
/// Stachowiak, Uznański, "A time and space optimal stable population protocol solving exact
/// majority", FOCS 2021 (arXiv 2106.10201; earlier arXiv 2012.15800): O(log n) states, O(log n)
/// expected parallel time, outputs A, B or T (tie).
///
/// Sources and confidence (spec `doty21-majority.md`, medium-high): the eleven phases and their
/// rules follow the spec, which read them from a co-author's simulator
/// (eftekhari-mhs/population-protocols, `Exact_Majority/Agent.java`) and the authors' notebook
/// (ppsim `examples/majority.ipynb`, the 6-state backup). The paper body was not read; the
/// constants k, p, c are parameters. This file is this catalog's own code, written from the spec.
///
/// Choices where the spec leaves room (each said again at its rule):
/// - The engines run deterministic rule tables, so the drip probability p of phase 3 is a
///   synthetic coin: every phase-3 clock still counting minutes keeps a tick counter mod 2^j,
///   advanced at each of its interactions, and the initiator drips when both ticks are 0, so
///   p ≈ 4^−j (j = 0, 1, 2: p = 1, 1/4, 1/16). The Java's 0.01 would need j ≈ 3.3 and about
///   four times the clock states; the notebook's demo uses p = 1. The drip moves the initiator
///   only (the notebook's choice; the Java moves both).
/// - Phase 1 splits s into ⌊s/2⌋ (initiator) and ⌈s/2⌉ (responder).
/// - Phases 5 and 6 ("one-way": only the Reserve changes) apply whichever agent initiates.
/// - An agent that jumps several phases runs every skipped phase's entry action in order.
/// - Outside the untimed phases an agent's output is its sign if it holds a nonzero bias, else T
///   (the spec keeps the previous output, which would triple the states; no configuration with a
///   Clock in a timed phase is ever stable, so this does not change when a run has converged).
/// - Known hole, as in the spec: with fewer than two CR agents no Clock exists and the timed
///   phase 0 never ends (possible only at very small n); `minimumN` is 16.
public enum Doty21Majority {
    enum Role: Hashable { case mcr, cr, main, clock, reserve, backup }

    /// One agent; fields a (phase, role) does not use stay at their defaults (`canonical`).
    struct Agent: Hashable {
        var phase = 0
        var role = Role.mcr
        /// Input B (else A), kept for the backup.
        var inputB = false
        /// Phases 0–2: integer bias in −3...3; phases 3–9: the sign; phase 10: backup side
        /// (+1 A, −1 B, 0 T).
        var bias = 0
        /// Biased Main, phases 3–8: value sign · 2^−level, level in 0...L.
        var level = 0
        /// Zero Main in phase 3: the hour, 0...L.
        var hour = 0
        /// Phase 0: has recruited one MCR.
        var assigned = false
        /// Phase-3 Clock: minute 0...kL and the synthetic-coin tick mod 2^j.
        var minute = 0
        var tick = 0
        /// Clock in a timed phase: interactions left, cL...1.
        var counter = 0
        /// Reserve in phases 5–6: the sampled level, −1 for none.
        var sample = -1
        /// Main in phase 8: has absorbed an opponent.
        var full = false
        /// Phases 2 and 9: signs seen, bits 1 (−), 2 (0), 4 (+).
        var seen = 0
        /// Phase 10: active (A, B, T) or passive (a, b, t).
        var active = false
    }

    /// The n-dependent constants and the parameters.
    struct Constants: Hashable, Sendable {
        var levels: Int      // L = ⌈log2 n⌉
        var k: Int           // minutes per hour
        var c: Int           // a Clock counts c L interactions per timed phase
        var coinBits: Int    // j: p ≈ 4^−j
        var hourCopy: Bool   // zero Mains copy the larger hour (notebook), default off
    }

    static let timed: Set<Int> = [0, 1, 3, 5, 6, 7, 8]

    static func signBit(_ b: Int) -> Int { b > 0 ? 4 : (b < 0 ? 1 : 2) }

    /// `a` with the fields its phase and role do not use reset.
    static func canonical(_ a: Agent, _ c: Constants) -> Agent {
        var r = Agent(phase: a.phase, role: a.role, inputB: a.inputB)
        if a.phase == 10 { return Agent(phase: 10, role: .backup, bias: a.bias, active: a.active) }
        switch a.role {
        case .mcr: r.bias = a.bias
        case .cr, .reserve:
            if a.phase == 0 { r.assigned = a.assigned }
            if a.phase == 5 || a.phase == 6 { r.sample = a.sample }
        case .main:
            r.bias = a.phase == 9 ? a.bias.signum() : a.bias
            if a.phase == 0 { r.assigned = a.assigned }
            if (3...8).contains(a.phase) && a.bias != 0 { r.level = a.level }
            if a.phase == 3 && a.bias == 0 { r.hour = a.hour }
            if a.phase == 8 && a.bias != 0 { r.full = a.full }
        case .clock:
            if a.phase == 0 { r.assigned = a.assigned }
            if a.phase == 3 { r.minute = a.minute; if a.minute < c.k * c.levels { r.tick = a.tick } }
            if timed.contains(a.phase) && (a.phase != 3 || a.minute == c.k * c.levels) { r.counter = a.counter }
        case .backup: break
        }
        if a.phase == 2 || a.phase == 9 { r.seen = a.seen }
        return r
    }

    /// Runs the entry action of `phase` on `a` (spec, "Phase rules": each phase's "Entry").
    static func entry(_ a: inout Agent, _ phase: Int, _ c: Constants) {
        a.phase = phase
        if a.role == .clock && timed.contains(phase) { a.counter = c.c * c.levels }
        switch phase {
        case 1:
            if a.role == .cr { a.role = .reserve }
            if a.role == .mcr { toBackup(&a) }   // an unassigned agent is an error
        case 2, 9:
            a.seen = signBit(a.role == .main ? a.bias : 0)
        case 3:
            if a.role == .main {
                if abs(a.bias) > 1 { toBackup(&a); return }
                a.level = 0; a.hour = 0
            }
            if a.role == .clock { a.minute = 0; a.tick = 0 }
        case 5: if a.role == .reserve { a.sample = -1 }
        case 8: a.full = false
        case 10: toBackup(&a)
        default: break
        }
    }

    static func toBackup(_ a: inout Agent) {
        if a.phase == 10 && a.role == .backup { return }
        a = Agent(phase: 10, role: .backup, bias: a.inputB ? -1 : 1, active: true)
    }

    /// `a` jumps to `target`, running the skipped entries in order; phase 4's tie detection
    /// sends a Main with nonzero bias and level < L on to phase 5 (spec, phase 4).
    static func advance(_ a: inout Agent, to target: Int, _ c: Constants) {
        var target = target
        while a.phase < target {
            entry(&a, a.phase + 1, c)
            if a.phase == 10 { return }
            if a.phase == 4 && a.role == .main && a.bias != 0 && a.level < c.levels { target = max(target, 5) }
        }
    }
}
