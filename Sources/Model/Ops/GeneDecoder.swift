/// Per-gene linear read-out with gene-specific weights (as in GEARS), batched over P perturbations:
///   y[p, i] = <w_i, o[p, i]> + b_i.   o: [P, G, D]; w: [G, D]; b: [G]; y: [P, G].
public enum GeneDecoder {
    public static func forward<T: ModelScalar>(
        o: UnsafePointer<T>, weight: UnsafePointer<T>, bias: UnsafePointer<T>, y: UnsafeMutablePointer<T>,
        perturbations: Int, genes: Int, inDim: Int
    ) {
        for p in 0..<perturbations {
            for i in 0..<genes {
                let op = o + (p * genes + i) * inDim, wi = weight + i * inDim
                var sum = bias[i]
                for j in 0..<inDim { sum += wi[j] * op[j] }
                y[p * genes + i] = sum
            }
        }
    }

    /// dw_i += sum_p dy[p, i] o[p, i]; db_i += sum_p dy[p, i]; do[p, i] += dy[p, i] w_i.
    public static func backward<T: ModelScalar>(
        o: UnsafePointer<T>, weight: UnsafePointer<T>, dy: UnsafePointer<T>,
        dWeight: UnsafeMutablePointer<T>, dBias: UnsafeMutablePointer<T>, dO: UnsafeMutablePointer<T>,
        perturbations: Int, genes: Int, inDim: Int
    ) {
        for p in 0..<perturbations {
            for i in 0..<genes {
                let g = dy[p * genes + i]
                guard g != 0 else { continue }
                let row = (p * genes + i) * inDim, wi = weight + i * inDim, dwi = dWeight + i * inDim
                dBias[i] += g
                for j in 0..<inDim {
                    dwi[j] += g * o[row + j]
                    dO[row + j] += g * wi[j]
                }
            }
        }
    }
}
