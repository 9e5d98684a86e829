/// Derives each trial's seed from (master seed, experiment, plugin, parameters, n, trial index).
///
/// The derivation is a pure function of these values (FNV-1a over a canonical text, then two
/// SplitMix64 finalizer rounds keyed by the master seed), so a trial's random stream does not
/// depend on the thread count, on scheduling, or on which other trials run in the same command.
public enum SeedDerivation {
    /// The seed of one trial.
    public static func trialSeed(master: UInt64, experiment: String, plugin: String,
                                 parameters: String, n: Int, trial: Int) -> UInt64 {
        hash("\(experiment)|\(plugin)|\(parameters)|\(n)|\(trial)", master: master)
    }

    /// The seed of one trial at a real population size above 2^63 (`TrialSetup.realN`): the
    /// same hash over the size as Swift prints a Double (`6.02e+23`), a text no whole-number n
    /// produces.
    public static func trialSeed(master: UInt64, experiment: String, plugin: String,
                                 parameters: String, size: Double, trial: Int) -> UInt64 {
        hash("\(experiment)|\(plugin)|\(parameters)|\(size)|\(trial)", master: master)
    }

    /// FNV-1a over `text`, then two SplitMix64 rounds keyed by `master`.
    private static func hash(_ text: String, master: UInt64) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return SplitMix64.mix(SplitMix64.mix(h ^ master) &+ master)
    }

    /// A named sub-seed of `parent` (a trial seed, a task seed or a master seed): the same hash
    /// over `purpose|index`, keyed by the parent. Every stream a trial or an analysis needs
    /// beyond its own seed (a data split, a model initialization, the costs of the wall clock, a
    /// bootstrap, a re-run) is one of these, so streams stay independent of each other and no
    /// ad-hoc constant is mixed into a seed anywhere else.
    public static func subSeed(_ parent: UInt64, _ purpose: String, index: Int = 0) -> UInt64 {
        hash("\(purpose)|\(index)", master: parent)
    }

    /// The seed of stream `stream` within a trial (one per MPI rank): a SplitMix64 finalizer of
    /// the trial seed keyed by the stream index, so ranks draw independent streams that depend
    /// only on the trial seed and the rank.
    public static func streamSeed(trial: UInt64, stream: Int) -> UInt64 {
        SplitMix64.mix(SplitMix64.mix(trial ^ 0x5DEE_CE66_D1CE_4E5B) &+ UInt64(truncatingIfNeeded: stream) &* 0x9E37_79B9_7F4A_7C15)
    }
}
