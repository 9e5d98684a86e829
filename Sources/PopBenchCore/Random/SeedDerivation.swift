/// Derives each trial's seed from (master seed, experiment, plugin, parameters, n, trial index).
///
/// The derivation is a pure function of these values (FNV-1a over a canonical text, then two
/// SplitMix64 finalizer rounds keyed by the master seed), so a trial's random stream does not
/// depend on the thread count, on scheduling, or on which other trials run in the same command.
public enum SeedDerivation {
    /// The seed of one trial.
    public static func trialSeed(master: UInt64, experiment: String, plugin: String,
                                 parameters: String, n: Int, trial: Int) -> UInt64 {
        let text = "\(experiment)|\(plugin)|\(parameters)|\(n)|\(trial)"
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return SplitMix64.mix(SplitMix64.mix(h ^ master) &+ master)
    }
}
