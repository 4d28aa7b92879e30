import CellEval
import Core
import Foundation
import Logging
import Model

/// The data-parallel training loop (README "How training is distributed"). Every rank runs the same
/// steps: the global batch comes from (seed, epoch, step); the owners of its perturbations compute the
/// means of the sampled cells, which one allreduce shares; each rank runs the graph passes of the batch
/// positions i with i mod R == rank; gradients are summed in fixed buckets, clipped and applied by AdamW
/// identically everywhere. Rank 0 writes metrics and checkpoints.
public final class Trainer {
    let config: RunConfig
    let run: PreparedRun
    let logger: Logger
    let model: AdaPertNetwork
    let optimiser: AdamW
    let schedule: BatchSchedule
    let validation: Validation?
    public var state = TrainingState()
    var bestParameters: [Float]
    let collectives = CollectiveClock()

    public init(config: RunConfig, run: PreparedRun, validationControl: CellMatrix?,
                logger: Logger) {
        self.config = config
        self.run = run
        self.logger = logger
        model = AdaPertNetwork(config: config.model, context: run.context, seed: UInt64(config.training.seed))
        optimiser = AdamW(weightDecay: config.training.weightDecay)
        schedule = BatchSchedule(trainingPerturbations: run.trainingIDs, perStep: config.training.perturbationsPerStep,
                                 cellsPerPerturbation: config.training.cellsPerPerturbation,
                                 seed: UInt64(config.training.seed))
        validation = validationControl.flatMap { control in
            run.split.val.isEmpty ? nil : Validation(run: run, control: control, seed: UInt64(config.training.seed))
        }
        bestParameters = model.store.parameters
    }

    /// Steps in the whole schedule (`epochs` x steps per epoch) and where this run stops (`max_steps` cap).
    public var totalSteps: Int { config.training.epochs * schedule.stepsPerEpoch }
    public var lastStep: Int { config.training.maxSteps > 0 ? min(totalSteps, config.training.maxSteps) : totalSteps }

    public var parameters: [Float] { model.store.parameters }

    /// Restores parameters, moments and progress from a checkpoint (any world size).
    public func restore(_ checkpoint: Checkpoint, path: String) throws {
        let store = model.store
        store.parameters = try checkpoint.values(checkpoint.parameters, into: store, path: path)
        store.firstMoment = try checkpoint.values(checkpoint.firstMoment, into: store, path: path)
        store.secondMoment = try checkpoint.values(checkpoint.secondMoment, into: store, path: path)
        store.optimiserStep = checkpoint.optimiserStep
        bestParameters = try checkpoint.values(checkpoint.bestParameters, into: store, path: path)
        state = checkpoint.state
    }

    public func checkpoint(configYAML: String, worldSize: Int) -> Checkpoint {
        Checkpoint(state: state, optimiserStep: model.store.optimiserStep, worldSize: worldSize,
                   seed: config.training.seed, dataFingerprint: run.fingerprint, configYAML: configYAML,
                   genes: run.genes, perturbations: run.annotation.labels, tensors: model.store.slots.map(Checkpoint.Tensor.init),
                   parameters: model.store.parameters, firstMoment: model.store.firstMoment,
                   secondMoment: model.store.secondMoment, bestParameters: bestParameters)
    }

    /// Trains from `state.step + 1` to `lastStep`, early stopping, or an agreed stop signal.
    /// `localStopSignal` is this rank's pending stop request (a signal number, 0 for none), read after every
    /// step and agreed over all ranks; commands pass the process's `StopSignal`, tests their own.
    /// `onCheckpoint` is called on every rank when a checkpoint is due (rank 0 writes it).
    public func train(comm: some Communicator, metrics: MetricsLog?,
                      localStopSignal: () -> Int32 = { StopSignal.receivedLocally },
                      onCheckpoint: (Trainer) throws -> Void) throws {
        try comm.broadcastAndVerify(&model.store.parameters)
        let progress = ProgressReporter(total: lastStep, logEvery: config.output.logEvery, enabled: comm.rank == 0)
        var step = state.step
        while step < lastStep && !state.finished {
            step += 1
            let started = Date()
            let result = try trainStep(step, comm: comm)
            state.step = step
            let seconds = Date().timeIntervalSince(started)
            collectives.addStep(seconds: seconds)
            let loss = result.loss, cellsPerSecond = Double(result.cells) / max(seconds, 1e-9)
            var row = ["loss": loss.total, "lr": result.lr, "loss_effect": loss.effect, "loss_responder": loss.responder,
                       "loss_effect_gate": loss.effectGate, "loss_l0": loss.l0, "loss_direction": loss.direction,
                       "grad_norm": result.gradNorm, "cells_per_s": cellsPerSecond]
            if config.model.ablation.gates != .none { row["edges_open"] = loss.l0 }  // mean P(gate open)
            metrics?.append(MetricsRow(step: step, epoch: schedule.epoch(ofStep: step), split: "train", values: row))
            progress.report(step: step, loss: loss.total, cellsPerSecond: cellsPerSecond)
            if step % config.training.evalEvery == 0 || step == lastStep {
                try validate(step: step, comm: comm, metrics: metrics)
            }
            if step == totalSteps { state.finished = true }
            let stopping = try StopSignal.agreedSignal(local: localStopSignal(), comm) != 0
            if stopping || step % config.checkpoint.everySteps == 0 || step == lastStep || state.finished {
                try onCheckpoint(self)
            }
            if stopping {
                if comm.rank == 0 { logger.notice("stop signal received: checkpointed step \(step), exiting") }
                return
            }
        }
        if comm.rank == 0, let summary = collectives.summary { logger.info("\(summary)") }
        if state.finished, step < totalSteps, comm.rank == 0 {
            logger.notice("early stopping at step \(step): no validation improvement in \(config.training.patience) evaluations; best step \(state.bestStep)")
        }
    }

    /// One optimisation step.
    func trainStep(_ step: Int, comm: some Communicator) throws -> StepResult {
        let batch = schedule.perturbations(atStep: step)
        let share = try batchShare(batch, step: step, comm: comm)
        let mine = share.examples, normaliser = share.normaliser
        let parts: [Double]
        switch config.training.gradientSum {
        case .exact: parts = try exactGradientSum(mine, normaliser: normaliser, step: step, comm: comm)
        case .float: parts = try floatGradientSum(mine, normaliser: normaliser, step: step, comm: comm)
        }
        let gradNorm = model.store.clipGradientNorm(maxNorm: config.training.gradClip)
        let loss = LossBreakdown(components: parts)
        // Every rank holds the same allreduced loss and gradient, so all stop here together, before the update:
        // the parameters and the last checkpoint stay those of the last finite step.
        guard loss.total.isFinite && gradNorm.isFinite else {
            throw AdaPertError("step \(step): the loss (\(loss.total)) or the gradient norm (\(gradNorm)) is not finite; "
                + "nothing was updated and the last checkpoint is kept; lower training.lr, or check the data for extreme values")
        }
        let lr = AdamW.learningRate(step: step - 1, totalSteps: totalSteps,
                                    warmupSteps: Int(config.training.warmupFraction * Double(totalSteps)),
                                    baseLR: config.training.lr)
        optimiser.step(store: model.store, lr: lr)
        return StepResult(loss: loss, cells: share.cells, gradNorm: gradNorm, lr: lr)
    }

    /// `gradient_sum: exact`: each example's gradient and loss, computed alone, enter an `ExactSum`, so the
    /// summed gradient and loss are the same bits whichever rank computed which example. Returns the loss parts.
    private func exactGradientSum(_ mine: [PerturbationExample], normaliser: BatchNormaliser, step: Int,
                                  comm: some Communicator) throws -> [Double] {
        let store = model.store
        var gradient = ExactSum(count: store.gradients.count)
        var loss = ExactSum(count: LossBreakdown().components.count)
        for example in mine {
            store.zeroGrad()
            let parts = model.forwardBackward([example], normaliser: normaliser, step: step,
                                              noiseSeed: UInt64(config.training.seed))
            store.gradients.withUnsafeBufferPointer { gradient.add($0) }
            loss.add(parts.components)
        }
        try collectives.collective {
            try gradient.allreduce(over: comm)
            try loss.allreduce(over: comm)
        }
        gradient.write(into: &store.gradients)
        return (0..<loss.count).map { loss.value(at: $0) }
    }

    /// `gradient_sum: float`: one batched forward and backward over this rank's examples, then Float allreduces.
    private func floatGradientSum(_ mine: [PerturbationExample], normaliser: BatchNormaliser, step: Int,
                                  comm: some Communicator) throws -> [Double] {
        model.store.zeroGrad()
        let local = model.forwardBackward(mine, normaliser: normaliser, step: step,
                                          noiseSeed: UInt64(config.training.seed))
        var parts = local.components
        try collectives.collective {
            try BucketedAllreduce().sum(&model.store.gradients, over: comm)
            try comm.allreduceSum(&parts)
        }
        return parts
    }

    /// Scores the validation split, keeps the best parameters, and counts towards early stopping.
    func validate(step: Int, comm: some Communicator, metrics: MetricsLog?) throws {
        guard let validation else { return }
        let score = try validation.evaluate(model, comm: comm)
        metrics?.append(MetricsRow(step: step, epoch: schedule.epoch(ofStep: step), split: "val", values: [
            "val_score": score.score, "val_des": score.des, "val_deg_ratio": score.degRatio, "val_mse_top20": score.mseTop20,
        ]))
        // A tie keeps the later, longer-trained parameters but does not reset the patience: a flat score
        // (validation perturbations without DEGs) then selects the last model instead of the first.
        if score.score >= state.bestScore {
            state.evaluationsSinceBest = score.score > state.bestScore ? 0 : state.evaluationsSinceBest + 1
            state.bestScore = score.score
            state.bestStep = step
            state.responderThreshold = score.responderThreshold
            bestParameters = model.store.parameters
        } else {
            state.evaluationsSinceBest += 1
        }
        if state.evaluationsSinceBest >= config.training.patience { state.finished = true }
        if comm.rank == 0 {
            logger.info("validation at step \(step): score \(fmt(score.score)) (DES \(fmt(score.des)), DEG-count error \(fmt(score.degRatio)), MSE top-20 \(fmt(score.mseTop20)), responder threshold \(fmt(score.responderThreshold))); best \(fmt(state.bestScore)) at step \(state.bestStep)")
        }
    }
}

public func fmt(_ x: Double) -> String { String(format: "%.4f", x) }
