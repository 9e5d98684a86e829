/// The phase rules of `doty21-majority` (spec `doty21-majority.md`, "Phase control" and
/// "Phase rules"), one function per phase, on ordered pairs (initiator u, responder v).
extension Doty21Majority {
    /// One interaction: the phase epidemic, the phase's rule, then the Clocks' counting.
    static func interact(_ u0: Agent, _ v0: Agent, _ c: Constants) -> (Agent, Agent) {
        var u = u0, v = v0
        // Phase control 1: the lower phase jumps to the higher one.
        if u.phase < v.phase { advance(&u, to: v.phase, c) } else if v.phase < u.phase { advance(&v, to: u.phase, c) }
        if u.phase == v.phase {
            switch u.phase {
            case 0: if !phase0(&u, &v, c) { _ = phase0(&v, &u, c) }
            case 1: phase1(&u, &v)
            case 2, 9: seenRule(&u, &v, c)
            case 3: phase3(&u, &v, c)
            case 5, 6: if !reserveRule(&u, &v, c) { _ = reserveRule(&v, &u, c) }
            case 7: phase7(&u, &v)
            case 8: phase8(&u, &v)
            case 10: backupRule(&u, &v)
            default: break   // phase 4: no rule besides its entry
            }
        }
        // Phase control 2: every Clock of a timed phase counts its interaction.
        count(&u, u0, c); count(&v, v0, c)
        return (canonical(u, c), canonical(v, c))
    }

    /// A Clock's count (phase control 2); in phase 3 the synthetic coin ticks while the minute
    /// is below kL and the countdown runs once it has reached kL.
    static func count(_ a: inout Agent, _ before: Agent, _ c: Constants) {
        guard a.role == .clock, before.role == .clock, timed.contains(a.phase), a.phase == before.phase else { return }
        let kl = c.k * c.levels
        if a.phase == 3 && a.minute < kl {
            a.tick = (a.tick + 1) % (1 << c.coinBits)
            return
        }
        if a.phase == 3 && before.minute < kl { return }   // reached kL in this interaction: start next time
        a.counter -= 1
        if a.counter <= 0 { advance(&a, to: a.phase + 1, c) }
    }

    /// Phase 0, assign roles; returns whether a rule applied to (u, v).
    static func phase0(_ u: inout Agent, _ v: inout Agent, _ c: Constants) -> Bool {
        guard u.role == .mcr else {
            if u.role == .cr && v.role == .cr {
                u.role = .clock; u.counter = c.c * c.levels; v.role = .reserve
                return true
            }
            return false
        }
        switch v.role {
        case .mcr:
            u.role = .main; u.bias += v.bias
            v.role = .cr; v.bias = 0
        case .main where !v.assigned:
            v.bias += u.bias; v.assigned = true
            u.role = .cr; u.bias = 0
        case .cr, .clock, .reserve:
            guard !v.assigned else { return false }
            u.role = .main; v.assigned = true
        default: return false
        }
        return true
    }

    /// Phase 1, discrete averaging of two Mains: ⌊s/2⌋ and ⌈s/2⌉.
    static func phase1(_ u: inout Agent, _ v: inout Agent) {
        guard u.role == .main && v.role == .main else { return }
        let s = u.bias + v.bias
        u.bias = Int((Double(s) / 2).rounded(.down)); v.bias = s - u.bias
    }

    /// Phases 2 and 9, output consensus: union of the signs seen; both signs start phase 3
    /// (from 2) or the backup (from 9).
    static func seenRule(_ u: inout Agent, _ v: inout Agent, _ c: Constants) {
        let s = u.seen | v.seen
        u.seen = s; v.seen = s
        if s & 5 == 5 {
            let next = u.phase + 1
            advance(&u, to: next, c); advance(&v, to: next, c)
        }
    }

    /// Phase 3, synchronized rational averaging with the fixed-resolution clock.
    static func phase3(_ u: inout Agent, _ v: inout Agent, _ c: Constants) {
        let kl = c.k * c.levels
        switch (u.role, v.role) {
        case (.clock, .clock):
            if u.minute != v.minute {
                let m = max(u.minute, v.minute)   // epidemic of the larger minute
                if u.minute < kl && m == kl { u.counter = c.c * c.levels }
                if v.minute < kl && m == kl { v.counter = c.c * c.levels }
                u.minute = m; v.minute = m
            } else if u.minute < kl && u.tick == 0 && v.tick == 0 {
                u.minute += 1                     // drip, initiator only (synthetic coin)
                if u.minute == kl { u.counter = c.c * c.levels }
            }
        case (.main, .clock): if u.bias == 0 { u.hour = max(u.hour, min(c.levels, v.minute / c.k)) }
        case (.clock, .main): if v.bias == 0 { v.hour = max(v.hour, min(c.levels, u.minute / c.k)) }
        case (.main, .main):
            if u.bias != 0 && v.bias != 0 {
                if u.bias == -v.bias && u.level == v.level {   // cancel
                    u.hour = u.level; v.hour = v.level; u.bias = 0; v.bias = 0; u.level = 0; v.level = 0
                }
            } else if u.bias != 0 { split(&u, &v, c) } else if v.bias != 0 { split(&v, &u, c) }
            else if c.hourCopy { let h = max(u.hour, v.hour); u.hour = h; v.hour = h }
        default: break
        }
    }

    /// Phase 3 split: biased b (level < L) and zero z with z.hour > b.level share b's value.
    static func split(_ b: inout Agent, _ z: inout Agent, _ c: Constants) {
        guard b.level < c.levels && z.hour > b.level else { return }
        b.level += 1
        z.bias = b.bias; z.level = b.level; z.hour = 0
    }

    /// Phases 5 and 6 with Reserve r and biased Main m (only r changes in 5; in 6 r becomes
    /// Main beside m); returns whether a rule applied.
    static func reserveRule(_ r: inout Agent, _ m: inout Agent, _ c: Constants) -> Bool {
        guard r.role == .reserve && m.role == .main && m.bias != 0 else { return false }
        if r.phase == 5 {
            guard r.sample < 0 else { return false }
            r.sample = m.level
            return true
        }
        guard r.sample >= 0 && m.level < r.sample else { return false }
        m.level += 1
        r.role = .main; r.bias = m.bias; r.level = m.level; r.sample = -1
        return true
    }

    /// Phase 7, high-level minority elimination (exact: 2u − u = u, 4u − u = 2u + u).
    static func phase7(_ u: inout Agent, _ v: inout Agent) {
        guard u.role == .main && v.role == .main && u.bias != 0 && u.bias == -v.bias else { return }
        func eliminate(_ big: inout Agent, _ small: inout Agent) {
            switch small.level - big.level {
            case 0: big.bias = 0; small.bias = 0; big.level = 0; small.level = 0
            case 1: big.level += 1; small.bias = 0; small.level = 0
            case 2: small.bias = big.bias; big.level += 1
            default: break
            }
        }
        if u.level <= v.level { eliminate(&u, &v) } else { eliminate(&v, &u) }
    }

    /// Phase 8, low-level minority elimination: a larger value not yet full absorbs a smaller
    /// opposite one (signs kept, sum no longer exact).
    static func phase8(_ u: inout Agent, _ v: inout Agent) {
        guard u.role == .main && v.role == .main && u.bias != 0 && u.bias == -v.bias && u.level != v.level else { return }
        func absorb(_ big: inout Agent, _ small: inout Agent) {
            guard !big.full else { return }
            big.full = true; small.bias = 0; small.level = 0
        }
        if u.level < v.level { absorb(&u, &v) } else { absorb(&v, &u) }
    }

    /// Phase 10, the 6-state backup (notebook): A,B -> T,T; active A/B turns active T passive;
    /// an active agent turns a passive one into its own passive side.
    static func backupRule(_ u: inout Agent, _ v: inout Agent) {
        if u.active && v.active {
            if u.bias * v.bias == -1 { u.bias = 0; v.bias = 0 }
            else if u.bias != 0 && v.bias == 0 { v.active = false; v.bias = u.bias }
            else if v.bias != 0 && u.bias == 0 { u.active = false; u.bias = v.bias }
        } else if u.active && !v.active { v.bias = u.bias } else if v.active && !u.active { u.bias = v.bias }
    }
}
