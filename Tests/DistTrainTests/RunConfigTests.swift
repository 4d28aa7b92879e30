@testable import Core
@testable import DistTrain
import Foundation
import Testing
import TestSupport
import Yams

@Suite struct RunConfigTests {
    /// Writes `yaml` to `folder`/run.yaml and returns its path.
    func write(in folder: URL, _ yaml: String) throws -> String {
        let path = folder.appendingPathComponent("run.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsFillWhatTheFileLeavesOut() throws {
        try TestFiles.withTemporaryDirectory { folder in
            let config = try RunConfigLoader.load(path: try write(in: folder, "training:\n  lr: 0.0005\n"))
            #expect(config.training.lr == 0.0005)
            #expect(config.training.epochs == RunConfig().training.epochs)
            #expect(config.data.graphNodes == .induced)
        }
    }

    @Test func unknownKeyIsNamedWithTheKnownOnes() throws {
        try TestFiles.withTemporaryDirectory { folder in
            let path = try write(in: folder, "training:\n  learning_rate: 0.1\n")
            #expect { try RunConfigLoader.load(path: path) } throws: { error in
                let message = (error as? AdaPertError)?.message ?? ""
                return message.contains("'training.learning_rate'") && message.contains("lr")
            }
        }
    }

    @Test func overridesWinAndRelativePathsResolve() throws {
        try TestFiles.withTemporaryDirectory { folder in
            let path = try write(in: folder, "data:\n  path: screens/a.h5ad\n  graph_nodes: {khop: 2}\n")
            let config = try RunConfigLoader.load(path: path, overrides: ["training.max_steps=7", "data.hvg=0"])
            #expect(config.training.maxSteps == 7)
            #expect(config.data.hvg == 0)
            #expect(config.data.path == folder.appendingPathComponent("screens/a.h5ad").path)
            #expect(config.data.graphNodes == .kHop(2))
            #expect(try RunConfigLoader.load(path: path, overrides: ["data.graph=none"]).data.graph == "none")
            #expect(throws: AdaPertError.self) { try RunConfigLoader.load(path: path, overrides: ["nokey"]) }
            #expect(throws: AdaPertError.self) { try RunConfigLoader.load(path: path, overrides: ["model2.x=1"]) }
        }
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
        try TestFiles.withTemporaryDirectory { folder in
            let path = try write(in: folder, "training:\n  epochs: 0\n")
            #expect { try RunConfigLoader.load(path: path) } throws: { error in
                (error as? AdaPertError)?.message.contains("training.epochs") ?? false
            }
            let typed = try write(in: folder, "training:\n  epochs: many\n")
            #expect { try RunConfigLoader.load(path: typed) } throws: { error in
                (error as? AdaPertError)?.message.contains("training.epochs") ?? false
            }
        }
    }

    @Test func impossibleModelValuesAreRefusedWithTheKey() throws {
        try TestFiles.withTemporaryDirectory { folder in
            let path = try write(in: folder, "training:\n  epochs: 1\n")
            for (assignment, key) in [("model.hidden=0", "model.hidden"), ("model.layers=-1", "model.layers"),
                                      ("model.loss.kappa=0", "model.loss.kappa"),
                                      ("model.hard_concrete.gamma=0.1", "model.hard_concrete.gamma"),
                                      ("model.hard_concrete.tau=0", "model.hard_concrete.tau"),
                                      ("model.loss.lambda_dir=.nan", "model.loss.lambda_dir"),
                                      ("training.lr=.nan", "training.lr"), ("training.lr=.inf", "training.lr"),
                                      ("training.weight_decay=.inf", "training.weight_decay"),
                                      ("training.seed=-1", "training.seed"), ("data.split.seed=-1", "data.split.seed"),
                                      ("training.epochs=4611686018427387904", "training.epochs"),
                                      ("model.hidden=100000", "model.hidden"), ("model.layers=100000", "model.layers"),
                                      ("model.hop_limit=100000000000", "model.hop_limit")] {
                #expect(throws: AdaPertError.self, "\(assignment)") {
                    try RunConfigLoader.load(path: path, overrides: [assignment])
                }
                do { _ = try RunConfigLoader.load(path: path, overrides: [assignment]) } catch let error as AdaPertError {
                    #expect(error.message.contains("'\(key)'"), "\(error.message)")
                }
            }
        }
    }

    @Test func aSetValueThatDoesNotParseIsAnError() throws {
        try TestFiles.withTemporaryDirectory { folder in
            let path = try write(in: folder, "training:\n  epochs: 1\n")
            #expect(throws: AdaPertError.self) { try RunConfigLoader.load(path: path, overrides: ["data.path=[unclosed"]) }
            #expect { try RunConfigLoader.load(path: path, overrides: ["training.=3"]) } throws: { error in
                (error as? AdaPertError)?.message.contains("empty part") ?? false
            }
        }
    }

    /// Whole-file problems are one line: YAML that does not parse, a file that is no mapping, a value of
    /// the wrong type named in the user's words.
    @Test func fileLevelErrorsAreOneLineInTheUsersWords() throws {
        try TestFiles.withTemporaryDirectory { folder in
            for (text, message) in [("model: [1, 2\ntraining:\n", "is not valid YAML: "),
                                    ("- a\n- b\n", "a config is a mapping of sections"),
                                    ("model:\n  hidden: abc\n", "'model.hidden' must be a whole number"),
                                    ("training:\n  lr: [1]\n", "'training.lr' must be a single value"),
                                    ("training:\n  lr: abc\n", "'training.lr' must be a number"),
                                    ("training: 3\n", "'training' must be a mapping")] {
                let path = try write(in: folder, text)
                #expect { try RunConfigLoader.load(path: path) } throws: { error in
                    guard let message2 = (error as? AdaPertError)?.message else { return false }
                    return message2.contains(message) && !message2.contains("\n")
                }
            }
        }
    }

    @Test func aWordOutsideAChoiceNamesTheKeyAndTheWordsAllowed() throws {
        try TestFiles.withTemporaryDirectory { folder in
            let path = try write(in: folder, "training:\n  epochs: 1\n")
            for (assignment, message) in [
                ("data.split.unseen=everything", "'data.split.unseen' is 'everything', not one of targets, combinations"),
                ("model.ablation.gates=maybe", "'model.ablation.gates' is 'maybe', not one of hardconcrete, soft, none"),
                ("training.gradient_sum=double", "'training.gradient_sum' is 'double', not one of exact, float"),
                ("model.ablation.hop_bias=sometimes", "'model.ablation.hop_bias' is 'sometimes', not one of on, off"),
            ] {
                #expect { try RunConfigLoader.load(path: path, overrides: [assignment]) } throws: { error in
                    (error as? AdaPertError)?.message == "\(path): \(message); fix its value"
                }
            }
        }
    }
}

@Test func modelSectionTakesAblationSwitchesAndDefaultsTheRest() throws {
    let yaml = "model: {hidden: 32, ablation: {gates: soft, responder_gate: off, hop_bias: on, effect_gate: false}, "
        + "loss: {lambda_0: 0.05}, hard_concrete: {tau: 0.5}}"
    let config = try RunConfigLoader.decode(try Yams.compose(yaml: yaml)!, file: "x.yaml")
    let model = config.model
    #expect(model.hidden == 32 && model.layers == 2 && model.hopLimit == 3)
    #expect(model.ablation.gates == .soft && !model.ablation.responderGate && model.ablation.hopBias)
    #expect(!model.ablation.effectGate && model.ablation.selfKnockdown && model.loss.l0 == 0.05 && model.loss.responder == 0.5)
    #expect(model.hardConcrete.tau == 0.5 && model.hardConcrete.zeta == 1.1)
    let again = try RunConfigLoader.decode(try Yams.compose(yaml: RunConfigLoader.yaml(config))!, file: "x")
    #expect(try RunConfigLoader.differences(again, config).isEmpty)
    #expect(throws: AdaPertError.self) {
        try RunConfigLoader.decode(try Yams.compose(yaml: "model:\n  ablation:\n    gatez: soft\n")!, file: "x")
    }
}
