import PopBenchCore

/// The last stage of a bulk resolution's matching (`match`) when only the cells with a rule
/// matter: the large rows against the large columns, where a cell without a rule (a null pair)
/// changes nothing and only its row's and column's totals count.
///
/// Rows are taken in an order chosen from the cells with a rule (`orderForSparseMatching`; the
/// rest of a uniform bijection, given the rows matched so far, is a uniform bijection of the
/// rest, in any order fixed before the draws); each takes a uniform subset of the
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
/// So a row costs about the live columns plus two, instead of every column. Each row's null
/// pairs touch its initiators back into their state (the row's agents less its non-null pairs);
/// each column's likewise at the end. When the suffix holds no pending agents it takes back the
/// live columns beyond the row's last rule (after the first rows, those with rules with most
/// columns, which resolve every column).
///
/// Measured at n = 10^7 (draws per multibatch; user s for 3 trials to parallel time 30): cancel-split
/// (three quarters of the cells null; banded: a value has rules with values of the other sign
/// within two levels, with its own, and with the two zeros, whose rows and columns are dense)
/// 1142 cells drawn per batch before, 438 draws now (about 12 live columns per row of 32);
/// user s 1.56-1.58 before, 1.28-1.34 now. split-join (half null, but its rules reach far:
/// about 34 of 36 columns stay live) 1388 -> 992 draws, 3.44-3.51 s -> 3.47-3.50 s. A static
/// Cuthill-McKee order of the states instead of the greedy one: cancel-split 412 draws,
/// 1.23-1.32 s, split-join 1100, 3.53-3.69 s.
extension BatchWorkspace {
    /// Matches the `f` initiators left in `pa` with the `f` responders left in `pr` (read only)
    /// and applies the non-null rules; returns the cost in collision units (draws, plus the scan
    /// of the cells at about a sixteenth each and the greedy order's word operations).
    mutating func matchSparse(_ f: Int, rng: inout Xoshiro256) -> Int {
        var nr = 0, nc = 0
        for j in 0..<m {
            if pa[j] > 0 { rowSlot[nr] = j; nr += 1 }
            if pr[j] > 0 { colSlot[nc] = j; nc += 1 }
        }
        orderForSparseMatching(rows: nr, columns: nc)
        for c in 0..<nc { colLeft[c] = pr[colSlot[c]]; nonNullCol[c] = 0; dead[c] = 0 }
        var draws = nr * nc / 16 + nr * nr * ((nc + 63) >> 6) / 64
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

    /// Puts the rows (`rowSlot[0..<nr]`) and columns (`colSlot[0..<nc]`) of `matchSparse` in the
    /// order it takes them, and sets each row's last column with a rule (`maxCol`, -1: none) and
    /// each column's last row with one (`lastRow`). Rows with rules with more than half the
    /// columns come first (they resolve every column whatever the order); then, greedily, the
    /// row whose rules reach the fewest columns not reached yet (ties: the most reached
    /// already), so that each column is live over a short stretch of rows. Columns follow in the
    /// order rows first reach them (never reached: last). The order depends on the present
    /// states and which counts are zero, not on any draw of the matching.
    private mutating func orderForSparseMatching(rows nr: Int, columns nc: Int) {
        let words = (nc + 63) >> 6
        let masks = cellMasks, reached = cellMasks + nr * words
        // The rows' rule masks over the columns (in slot order) and their rule counts.
        for r in 0..<nr {
            let p = present[rowSlot[r]], base = p * k, identity = UInt32(p << 16)
            let mask = masks + r * words
            for w in 0..<words { mask[w] = 0 }
            var count = 0
            for c in 0..<nc {
                let q = present[colSlot[c]]
                let bit = rules[base + q] != identity | UInt32(q) ? 1 : 0
                mask[c >> 6] |= UInt64(bit) << UInt64(c & 63)
                count += bit
            }
            rowRules[r] = count
        }
        // Row order (positions into the slot order) in `row`.
        let order = row, candidates = prest
        var placed = 0, ns = 0
        for r in 0..<nr { if 2 * rowRules[r] > nc { order[placed] = r; placed += 1 } else { candidates[ns] = r; ns += 1 } }
        let dense = placed
        for w in 0..<words { reached[w] = 0 }
        while ns > 0 {
            var best = 0, bestScore = Int.max
            for i in 0..<ns {
                let mask = masks + candidates[i] * words
                var new = 0, old = 0
                for w in 0..<words {
                    new += (mask[w] & ~reached[w]).nonzeroBitCount
                    old += (mask[w] & reached[w]).nonzeroBitCount
                }
                let score = new * 4096 - old
                if score < bestScore { bestScore = score; best = i }
            }
            let r = candidates[best]
            candidates[best] = candidates[ns - 1]; ns -= 1
            order[placed] = r; placed += 1
            let mask = masks + r * words
            for w in 0..<words { reached[w] |= mask[w] }
        }
        // Column order: by the first sparse row reaching the column (dense rows reach them all).
        for c in 0..<nc { colKey[c] = -Int.max }
        for i in stride(from: nr - 1, through: dense, by: -1) {
            forEachColumn(masks + order[i] * words, words) { c in colKey[c] = -i }
        }
        let columns = scratch
        for c in 0..<nc { columns[c] = c }
        Self.sortDescending(columns, count: nc, by: colKey)
        // Apply both orders; `maxCol` and `lastRow` in the new positions.
        let position = colKey   // column slot-order index -> new position
        for c in 0..<nc { position[columns[c]] = c }
        for c in 0..<nc { nonNullCol[c] = colSlot[columns[c]] }
        for c in 0..<nc { colSlot[c] = nonNullCol[c]; lastRow[c] = -1 }
        for i in 0..<nr { nonNullCol[i] = rowSlot[order[i]] }
        for i in 0..<nr {
            let mask = masks + order[i] * words
            rowSlot[i] = nonNullCol[i]
            var last = -1
            forEachColumn(mask, words) { c in
                let at = position[c]
                last = max(last, at); lastRow[at] = i
            }
            maxCol[i] = last
        }
    }

    /// Calls `body` with each column whose bit is set in the `words` words of `mask`.
    @inline(__always) private func forEachColumn(_ mask: UnsafeMutablePointer<UInt64>, _ words: Int, _ body: (Int) -> Void) {
        for w in 0..<words {
            var x = mask[w]
            while x != 0 { body(w << 6 | x.trailingZeroBitCount); x &= x - 1 }
        }
    }
}
