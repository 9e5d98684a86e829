import PopBenchCore

/// The matching of a bulk resolution: f initiators (`pa[j]` of present slot j) paired with f
/// responders (`pr[j]`) by a uniformly random bijection, each pair's rule applied to the
/// touched pool.
///
/// Sampled in up to three stages, each from the exact conditional law of what is left (the
/// rest of a uniform bijection, given the pairs made so far, is a uniform bijection of the
/// rest; which agents a stage takes may depend on the earlier stages, not on later draws):
/// 1. responders of the small columns (fewer than `smallPerState` m agents): the initiators
///    they meet are a uniform subset of all initiators (one multivariate hypergeometric draw
///    over the rows), matched to them agent by agent (each initiator a uniform pick among the
///    responders left);
/// 2. initiators of the small rows left: likewise, with a uniform subset of the responders left
///    (all in the large columns now);
/// 3. the large rows against the large columns, cell by cell: row j's partners are drawn
///    without replacement from the columns left by sequential conditional hypergeometric draws
///    (`matchByCells`); for protocols with many null pairs only the cells with a rule are told
///    apart, the rest pooled (`matchSparse`, `BatchWorkspace.sparseMatching`).
///
/// Stage 3 costs a draw per cell visited (about m^2 over m present states, each O(1) with a
/// sizeable constant); stages 1-2 cost about one random pick per agent. A many-state protocol
/// has many states with a few agents each (split-join at 10^7: of 517 present states, 189 rows
/// and 183 columns below 64 agents, holding 0.5% of the agents but a fifth of the cells visited),
/// which the first two stages take out of the cell-by-cell stage. Single steps, whose pairs are
/// recorded one cell each for the exact replay, use `matchByCells` alone (their f is small).
extension BatchWorkspace {
    /// Rows and columns with fewer than `smallPerState` m agents (m present states) are matched
    /// agent by agent. A large row visits about one cell per column left, a hypergeometric draw
    /// each; an agent costs a random pick and a rule lookup, so a row of a agents is cheaper
    /// agent by agent below a few times m. How few depends on where the rule lookups land: 4 m
    /// when the packed rules (4 k^2 bytes) fit in the 1 MiB L2 (k <= 512: avc with 352 states at
    /// 10^7, cancel-split), 2 m when they do not (split-join with 602, doty21-majority with 3274:
    /// a lookup per agent then misses). Measured at n = 10^7, user seconds per trial, 2 m / 3 m /
    /// 4 m (none): split-join (budget 50) 1.51-1.63 / 1.50-1.55 / 1.75-2.06 (6.40),
    /// doty21-majority (budget 50, 3.8 s of it the table) 5.90-6.24 / 6.13-6.44 / 6.37-6.84
    /// (7.62), avc (whole run) 3.22-3.31 / 3.30-3.47 / 2.91-2.93 (3.99), cancel-split (budget 50)
    /// 1.10-1.13 / - / 1.08-1.09. Later (2026-12-06, after the alternating mode inversion), avc
    /// seeds 1-3, 2 m / 4 m / 6 m / 8 m: 2.69-2.95 / 2.42-2.56 / 2.41-2.88 / 2.44-2.45 s.
    var smallPerState: Int { k <= 512 ? 4 : 2 }
    /// Present states from which the agent-by-agent stages are tried (with fewer, a row visits
    /// few cells anyway).
    static let smallStagesFrom = 32

    /// Matches the `f` initiators of `pa` with the `f` responders of `pr` (both overwritten) and
    /// applies the rules; sets `bulkDraws`.
    mutating func match(_ f: Int, rng: inout Xoshiro256) {
        var left = f, agents = 0, draws = 2 * m
        if !record && m >= Self.smallStagesFrom {
            let small = smallPerState * m
            // 1. Small columns' responders against a uniform subset of the initiators.
            var s = 0
            for j in 0..<m where pr[j] < small { s += pr[j] }
            if s > 0 {
                ExactSamplers.multivariateHypergeometric(UnsafeBufferPointer(rebasing: pa[0..<m]), total: left, sample: s,
                                                        into: UnsafeMutableBufferPointer(rebasing: scratch[0..<m]), rng: &rng)
                for j in 0..<m where pr[j] < small && pr[j] > 0 { drawn.append(j, times: pr[j]); pr[j] = 0 }
                for j in 0..<m { pa[j] -= scratch[j] }
                pairAgents(rows: scratch, rng: &rng)
                left -= s; agents += s; draws += m
            }
            // 2. Small rows' initiators against a uniform subset of the responders left.
            s = 0
            for j in 0..<m where pa[j] < small { s += pa[j] }
            if s > 0 {
                ExactSamplers.multivariateHypergeometric(UnsafeBufferPointer(rebasing: pr[0..<m]), total: left, sample: s,
                                                        into: UnsafeMutableBufferPointer(rebasing: scratch[0..<m]), rng: &rng)
                for j in 0..<m where scratch[j] > 0 { drawn.append(j, times: scratch[j]); pr[j] -= scratch[j] }
                for j in 0..<m { if pa[j] < small { scratch[j] = pa[j]; pa[j] = 0 } else { scratch[j] = 0 } }
                pairAgents(rows: scratch, rng: &rng)
                left -= s; agents += s; draws += m
            }
        }
        let visited = !record && sparseMatching ? matchSparse(left, rng: &rng) : matchByCells(left, rng: &rng)
        // In collision units (the run loop's balance): a cell about one collision, an agent of
        // the first stages about a sixteenth (measured best: split-join at 10^7, budget 25,
        // 1.49-1.55 / 1.29-1.34 / 1.20-1.32 / 1.16-1.21 / 1.14-1.16 s with weights 1, 1/2, 1/4,
        // 1/8, 1/16; 1.13-1.23 with 0).
        bulkDraws = draws + visited + agents / 16
    }

    /// Pairs `rows[j]` initiators of each slot j, in slot order, with the responder slots listed
    /// in `drawn` (as many), each initiator's responder drawn uniformly from those left (a
    /// uniformly random bijection, in one pass: no shuffle first); empties `drawn`.
    private mutating func pairAgents(rows: UnsafeMutableBufferPointer<Int>, rng: inout Xoshiro256) {
        // The pool counts are added without the `touch` bookkeeping (a branch on the state just
        // read from the rules); the states new to the pool are listed after, in one pass over k.
        for j in 0..<m where rows[j] > 0 {
            let p = present[j]
            for _ in 0..<rows[j] {
                let q = present[drawn.removeRandom(rng: &rng)]
                let (p2, q2) = outcome(p, q)
                touched[p2] += 1; touched[q2] += 1
                if recordBulk { pairs.append((Int32(p), Int32(q), 1)) }
            }
        }
        for s in 0..<k where touched[s] > 0 && mark[s] == 0 { mark[s] = 1; changed[nt] = s; nt += 1 }
    }

    /// Stage 3: the `f` initiators left in `pa` against the `f` responders left in `pr`, row by
    /// row: initiator slot j's pa[j] partners are drawn without replacement from the responders
    /// left, by sequential conditional hypergeometric draws over the columns still holding
    /// responders (`col`/`colLeft`), largest first, so that a row stops scanning as soon as its
    /// sample is placed (a row of a few agents usually within the first columns); columns that
    /// empty are dropped after the row. Any column order fixed before a row's draws gives the
    /// same law. Returns the cells visited.
    mutating func matchByCells(_ f: Int, rng: inout Xoshiro256) -> Int {
        let col = row, colLeft = prest
        var nc = 0
        for jj in 0..<m where pr[jj] > 0 { col[nc] = jj; nc += 1 }
        Self.sortDescending(col, count: nc, by: pr)
        for c in 0..<nc { colLeft[c] = pr[col[c]] }
        var restTotal = f, visited = 0
        for j in 0..<m where pa[j] > 0 {
            var left = pa[j], rest = restTotal
            restTotal -= left
            let p = present[j]
            var c = 0, emptied = false
            while left > 0 {
                let cnt = colLeft[c]
                rest -= cnt
                // All that is left goes here when the later columns hold exactly `left` minus this one's.
                let x = rest == 0 ? left : left == rest + cnt ? cnt
                    : ExactSamplers.hypergeometric(good: cnt, bad: rest, sample: left, rng: &rng)
                if x > 0 {
                    let q = present[col[c]]
                    let (p2, q2) = outcome(p, q)
                    touch(p2, x); touch(q2, x)
                    if record || recordBulk { pairs.append((Int32(p), Int32(q), x)) }
                    left -= x
                    colLeft[c] = cnt - x
                    if x == cnt { emptied = true }
                }
                c += 1; visited += 1
            }
            if emptied {
                var kept = 0
                for c in 0..<nc where colLeft[c] > 0 { col[kept] = col[c]; colLeft[kept] = colLeft[c]; kept += 1 }
                nc = kept
            }
        }
        return visited
    }

    /// Ciura's gap sequence for `sortDescending`.
    static let shellGaps = [701, 301, 132, 57, 23, 10, 4, 1]

    /// Sorts `items[0..<count]` by decreasing `key[item]`, in place and without allocating
    /// (Shell sort with Ciura's gaps: the matching sorts its few hundred columns once a batch).
    static func sortDescending(_ items: UnsafeMutableBufferPointer<Int>, count: Int, by key: UnsafeMutableBufferPointer<Int>) {
        for gap in shellGaps where gap < count {
            for i in gap..<count {
                let x = items[i], kx = key[x]
                var j = i
                while j >= gap && key[items[j - gap]] < kx { items[j] = items[j - gap]; j -= gap }
                items[j] = x
            }
        }
    }
}
