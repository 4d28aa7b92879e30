@testable import Core
@testable import DistTrain
import Foundation
import Testing
import Yams

@Suite struct RunConfigTests {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("adapert-config-\(UUID().uuidString)").path

    func write(_ yaml: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/run.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsFillWhatTheFileLeavesOut() throws {
        let config = try RunConfigLoader.load(path: try write("training:\n  lr: 0.0005\n"))
        #expect(config.training.lr == 0.0005)
        #expect(config.training.epochs == RunConfig().training.epochs)
        #expect(config.data.graphNodes == .induced)
    }

    @Test func modelKeysTheFileLeavesOutTakeTheDefaults() throws {
        let yaml = "model: {hidden: 32, ablation: {gates: soft, responder_gate: off, hop_bias: on, effect_gate: false}, "
            + "loss: {lambda_0: 0.05}, hard_concrete: {tau: 0.5}}"
        let model = try RunConfigLoader.decode(try Yams.compose(yaml: yaml)!, file: "test.yaml").model
        #expect(model.hidden == 32 && model.layers == 2 && model.hopLimit == 3)
        #expect(model.ablation.gates == .soft && !model.ablation.responderGate && model.ablation.hopBias)
        #expect(!model.ablation.effectGate && model.ablation.selfKnockdown && model.loss.l0 == 0.05 && model.loss.responder == 0.5)
        #expect(model.hardConcrete.tau == 0.5 && model.hardConcrete.zeta == 1.1)
    }

    @Test func unknownKeyIsNamedWithTheKnownOnes() throws {
        let path = try write("training:\n  learning_rate: 0.1\n")
        #expect { try RunConfigLoader.load(path: path) } throws: { error in
            let message = (error as? AdaPertError)?.message ?? ""
            return message.contains("'training.learning_rate'") && message.contains("lr")
        }
    }

    @Test func overridesWinAndRelativePathsResolve() throws {
        let path = try write("data:\n  path: screens/a.h5ad\n  graph_nodes: {khop: 2}\n")
        let config = try RunConfigLoader.load(path: path, overrides: ["training.max_steps=7", "data.hvg=0"])
        #expect(config.training.maxSteps == 7)
        #expect(config.data.hvg == 0)
        #expect(config.data.path == folder + "/screens/a.h5ad")
        #expect(config.data.graphNodes == .kHop(2))
        #expect(try RunConfigLoader.load(path: path, overrides: ["data.graph=none"]).data.graph == "none")
        #expect(throws: AdaPertError.self) { try RunConfigLoader.load(path: path, overrides: ["nokey"]) }
        #expect(throws: AdaPertError.self) { try RunConfigLoader.load(path: path, overrides: ["model2.x=1"]) }
    }

    @Test func resolvedYamlRoundTripsAndDifferencesAreListed() throws {
        var config = RunConfig()
        config.training.maxSteps = 10
        let again = try RunConfigLoader.decode(try Yams.compose(yaml: RunConfigLoader.yaml(config))!, file: "x")
        #expect(try RunConfigLoader.differences(again, config).isEmpty)  // equal up to YAML's 15 digits
        var other = config
        other.training.lr = 0.01
        other.checkpoint.keep = 9
        #expect(try RunConfigLoader.differences(config, other) == ["checkpoint.keep", "training.lr"])
    }

    @Test func badValuesAreRefusedWithTheKey() throws {
        let path = try write("training:\n  epochs: 0\n")
        #expect { try RunConfigLoader.load(path: path) } throws: { error in
            (error as? AdaPertError)?.message.contains("training.epochs") ?? false
        }
        let typed = try write("training:\n  epochs: many\n")
        #expect { try RunConfigLoader.load(path: typed) } throws: { error in
            (error as? AdaPertError)?.message.contains("training.epochs") ?? false
        }
    }
}

@Test func modelSectionTakesAblationSwitches() throws {
    let tree = try Yams.compose(yaml: "model:\n  hidden: 32\n  ablation:\n    gates: soft\n    effect_gate: off\n")!
    let config = try RunConfigLoader.decode(tree, file: "x.yaml")
    #expect(config.model.hidden == 32)
    #expect(config.model.ablation.gates == .soft)
    #expect(config.model.ablation.effectGate == false)
    let again = try RunConfigLoader.decode(try Yams.compose(yaml: RunConfigLoader.yaml(config))!, file: "x")
    #expect(try RunConfigLoader.differences(again, config).isEmpty)
    #expect(throws: AdaPertError.self) {
        try RunConfigLoader.decode(try Yams.compose(yaml: "model:\n  ablation:\n    gatez: soft\n")!, file: "x")
    }
}
