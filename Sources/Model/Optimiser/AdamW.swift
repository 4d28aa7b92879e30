/// AdamW (Loshchilov & Hutter 2019) over the flat parameter buffer, one loop:
///   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  mhat = m / (1 - b1^t);  vhat = v / (1 - b2^t)
///   p = p - lr (mhat / (sqrt(vhat) + eps) + wd p)   (wd only on `.weight` slots: not biases, LayerNorm, embeddings)
public struct AdamW: Sendable, Equatable {
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    public var weightDecay = 5e-4

    public init(weightDecay: Double = 5e-4) { self.weightDecay = weightDecay }

    /// Learning rate of 0-based `step`: linear warm-up base (step + 1) / warmup for step < warmup, then
    /// cosine decay base (1 + cos(pi t)) / 2 with t = (step - warmup) / (total - warmup) clamped to [0, 1].
    public static func learningRate(step: Int, totalSteps: Int, warmupSteps: Int, baseLR: Double) -> Double {
        if step < warmupSteps { return baseLR * Double(step + 1) / Double(warmupSteps) }
        let span = max(totalSteps - warmupSteps, 1)
        let t = min(max(Double(step - warmupSteps) / Double(span), 0), 1)
        return baseLR * 0.5 * (1 + Double.cos(Double.pi * t))
    }

    /// One update of every parameter from `store.gradients`; increments `store.optimiserStep`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func step<T>(store: ParameterBuffer<T>, lr: Double) {
        store.optimiserStep += 1
        let t = Double(store.optimiserStep)
        let correction1 = 1 - Double.pow(beta1, t), correction2 = 1 - Double.pow(beta2, t)
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        store.parameters.withUnsafeMutableBufferPointer { parameters in
            store.gradients.withUnsafeBufferPointer { gradients in
                store.firstMoment.withUnsafeMutableBufferPointer { first in
                    store.secondMoment.withUnsafeMutableBufferPointer { second in
                        for slot in store.slots {
                            let decay = slot.isDecayed ? weightDecay : 0
                            for i in slot.range {
                                let g = Double(gradients[i])
                                let m = b1 * Double(first[i]) + (1 - b1) * g
                                let v = b2 * Double(second[i]) + (1 - b2) * g * g
                                first[i] = T(m)
                                second[i] = T(v)
                                let p = Double(parameters[i])
                                let update = (m / correction1) / ((v / correction2).squareRoot() + eps) + decay * p
                                parameters[i] = T(p - lr * update)
                            }
                        }
                    }
                }
            }
        }
    }
}

extension ParameterBuffer {
    /// Global L2 norm of the gradients (Float64 accumulation); if it exceeds maxNorm, scales them by
    /// maxNorm / norm. Call after the allreduce. Returns the norm before clipping.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @discardableResult
    public func clipGradientNorm(maxNorm: Double) -> Double {
        var sum = 0.0
        for g in gradients { sum += Double(g) * Double(g) }
        let norm = sum.squareRoot()
        if norm > maxNorm {
            let scale = Scalar(maxNorm / norm)
            for i in gradients.indices { gradients[i] *= scale }
        }
        return norm
    }
}
