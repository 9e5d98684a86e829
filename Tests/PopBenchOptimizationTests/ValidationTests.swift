import PopBenchCore
import PopBenchOptimization
import Testing

/// Bad input throws a UsageError naming the field, from `validate` (or parsing).
@Suite struct ValidationTests {
    func message(_ plugin: String, task: String = "mean", n: Int = 8, _ overrides: [String: String]) -> String? {
        do {
            _ = try Fixture.setup(plugin, task: task, n: n, overrides)
            return nil
        } catch let e as UsageError {
            return e.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func unknownTopology() {
        #expect(message("dpsgd", ["topology": "hypercube"])?.contains("--topology") == true)
    }

    @Test func localStepsBelowOne() {
        #expect(message("localsgd", ["local-steps": "0"])?.contains("--local-steps") == true)
        #expect(message("popsgd", ["local-steps": "0"])?.contains("--local-steps") == true)
    }

    @Test func quantizationBitsOutsideOneToThirtyTwo() {
        #expect(message("popsgd", ["quantize": "33"])?.contains("--quantize") == true)
        #expect(message("popsgd", ["quantize": "-1"])?.contains("--quantize") == true)
        #expect(message("popsgd", ["quantize": "8"]) == nil)
        #expect(message("popsgd", ["quantize": "1"]) == nil && message("popsgd", ["quantize": "32"]) == nil)
        // 0 is the documented default: exact Float64 models, no quantization (the plain rule).
        #expect(message("popsgd", ["quantize": "0"]) == nil)
    }

    @Test func moreNodesThanSamples() {
        #expect(message("popsgd", task: "logreg", n: 1000, [:])?.contains("--n") == true)
        #expect(message("psgd", task: "linreg", n: 600, ["data": "diabetes"])?.contains("--n") == true)
    }

    @Test func negativeLearningRate() {
        #expect(message("sgd", ["lr": "-0.1"])?.contains("--lr") == true)
        // and validate catches it when the configuration bypasses parsing
        let (p, s0) = try! Fixture.setup("popsgd", n: 8)
        var s = s0
        s.config["lr"] = .double(-1)
        #expect(throws: UsageError.self) { try p.validate(s) }
    }

    @Test func pairwiseAlgorithmsNeedTwoNodes() {
        for algo in ["popsgd", "dpsgd", "adpsgd", "sgp"] {
            #expect(message(algo, n: 1, [:])?.contains("--n") == true)
        }
    }
}
