import PopBenchCore

/// The last stage of a bulk resolution's matching (`match`) when only the cells with a rule
/// matter: the large rows against the large columns, where a cell without a rule (a null pair)
/// changes nothing and only its row's and column's totals count.
///
/// Rows are taken in the matching order (`MatchingOrder`); each takes a uniform subset of the
/// responders left, drawn by sequential conditional hypergeometric draws over categories fixed
/// before its draws. Every category is exact in its total, but only the columns the row or a
/// later row has a rule with are told apart:
/// - live columns, one by one: columns up to the row's last rule (in the column order) that
///   some row from this one on has a rule with;
/// - dead columns, pooled: those no later row has a rule with (their split never matters: all
///   their remaining pairs are null);
/// - the suffix of columns beyond every column resolved so far, pooled, with a pending count:
///   the rows before took `pending` of its responders, a uniform subset of them (exchangeable
///   within the pool). When a row needs a column of the suffix, the column is peeled off: how
///   many of the pending were its own is Hypergeometric(column, rest of the suffix, pending),
///   and the pending left are a uniform subset of the rest.
/// So a row costs about the live columns plus two, instead of every column: cancel-split at
/// 10^7 has three quarters of its cells null. Each row's null pairs touch its initiators back
/// into their state (the row's agents less its non-null pairs); each column's likewise at the
/// end. When the suffix holds no pending agents it can take back live columns beyond the row's
/// last rule (after the rows of states with rules with almost every state, which resolve all
/// columns, `MatchingOrder`).
extension BatchWorkspace {
    /// Matches the `f` initiators left in `pa` with the `f` responders left in `pr` (overwritten)
    /// and applies the non-null rules; returns the cost in collision units (draws, plus the scan
    /// of the rows against the columns at about a thirty-second each).
    mutating func matchSparse(_ f: Int, rng: inout Xoshiro256) -> Int {
        var nr = 0, nc = 0
        for j in 0..<m {
            rankKey[j] = -rank[present[j]]
            if pa[j] > 0 { rowSlot[nr] = j; nr += 1 }
            if pr[j] > 0 { colSlot[nc] = j; nc += 1 }
        }
        Self.sortDescending(rowSlot, count: nr, by: rankKey)
        Self.sortDescending(colSlot, count: nc, by: rankKey)
        // Each row's last column with a rule, each column's last row with one (-1: none).
        for c in 0..<nc { lastRow[c] = -1; colLeft[c] = pr[colSlot[c]]; nonNullCol[c] = 0; dead[c] = 0 }
        for r in 0..<nr {
            let p = present[rowSlot[r]], base = p * k, identity = UInt32(p << 16)
            var last = -1
            for c in 0..<nc {
                let q = present[colSlot[c]]
                if rules[base + q] != identity | UInt32(q) { last = c; lastRow[c] = r }
            }
            maxCol[r] = last
        }
        var draws = nr * nc / 32
        var peeled = 0, suffix = f, pending = 0, deadLeft = 0, nLive = 0, rest = f
        for r in 0..<nr {
            let j = rowSlot[r], p = present[j], a = pa[j], need = maxCol[r]
            if pending == 0 && peeled > need + 1 {
                // Nothing pending: live columns beyond this row's last rule go back to the suffix.
                var kept = 0
                for i in 0..<nLive {
                    let c = live[i]
                    if c > need { suffix += colLeft[c] } else { live[kept] = c; kept += 1 }
                }
                nLive = kept; peeled = need + 1
            }
            while peeled <= need {
                let c = peeled
                peeled += 1
                if dead[c] != 0 { continue }   // pooled already (peeled before a take-back)
                let cnt = colLeft[c]
                suffix -= cnt
                if pending > 0 {
                    let x = suffix == 0 ? pending : ExactSamplers.hypergeometric(good: cnt, bad: suffix, sample: pending, rng: &rng)
                    colLeft[c] = cnt - x; pending -= x; draws += 1
                }
                if lastRow[c] < r { dead[c] = 1; deadLeft += colLeft[c] } else { live[nLive] = c; nLive += 1 }
            }
            // The row's partners: a uniform subset of the `rest` responders left, category by category.
            var left = a, avail = rest, nonNull = 0
            @inline(__always) func take(_ cnt: Int, _ draws: inout Int, _ rng: inout Xoshiro256) -> Int {
                avail -= cnt
                let x: Int
                if avail == 0 { x = left } else if left == avail + cnt { x = cnt } else {
                    x = ExactSamplers.hypergeometric(good: cnt, bad: avail, sample: left, rng: &rng)
                    draws += 1
                }
                left -= x
                return x
            }
            if deadLeft > 0 { deadLeft -= take(deadLeft, &draws, &rng) }
            if left > 0 && suffix > pending { pending += take(suffix - pending, &draws, &rng) }
            var i = 0
            while left > 0 && i < nLive {
                let c = live[i]
                i += 1
                let cnt = colLeft[c]
                if cnt == 0 { continue }
                let x = take(cnt, &draws, &rng)
                if x == 0 { continue }
                colLeft[c] = cnt - x
                let q = present[colSlot[c]]
                let (p2, q2) = outcome(p, q)
                if p2 == p && q2 == q { continue }
                touch(p2, x); touch(q2, x)
                nonNullCol[c] += x; nonNull += x
                if recordBulk { pairs.append((Int32(p), Int32(q), x)) }
            }
            if a > nonNull {
                touch(p, a - nonNull)
                if recordBulk { pairs.append((Int32(p), -1, a - nonNull)) }
            }
            rest -= a
            // Empty columns leave; columns no later row has a rule with are pooled.
            var kept = 0
            for i in 0..<nLive {
                let c = live[i]
                if colLeft[c] == 0 { continue }
                if lastRow[c] <= r { dead[c] = 1; deadLeft += colLeft[c] } else { live[kept] = c; kept += 1 }
            }
            nLive = kept
        }
        // Every responder was matched: a column's pairs without a rule leave its agents as they were.
        for c in 0..<nc {
            let x = pr[colSlot[c]] - nonNullCol[c]
            if x > 0 { touch(present[colSlot[c]], x) }
        }
        return draws
    }
}
