/// Row-wise LayerNorm with learned gain and bias over width d:
/// xhat = (x - mean) * rstd, rstd = 1 / sqrt(var + eps) (biased variance), y = gain * xhat + bias.
/// The row sums (mean, variance, and the backward's two means) run in `Vector.sum`'s fixed lane order.
public enum LayerNorm {
    public static let epsilon = 1e-5

    /// Writes y, and caches xhat [rows, d] and rstd [rows] for the backward pass.
    public static func forward<T: ModelScalar>(
        x: UnsafePointer<T>, gain: UnsafePointer<T>, bias: UnsafePointer<T>, y: UnsafeMutablePointer<T>,
        xhat: UnsafeMutablePointer<T>, rstd: UnsafeMutablePointer<T>, rows: Int, width d: Int
    ) {
        let eps = T(epsilon)
        for r in 0..<rows {
            let xr = x + r * d, yr = y + r * d, hr = xhat + r * d
            let mean = Vector.sum(xr, count: d) / T(d)
            let variance = Vector.sumOfSquares(xr, minus: mean, count: d) / T(d)
            let s = 1 / (variance + eps).squareRoot()
            rstd[r] = s
            for j in 0..<d {
                hr[j] = (xr[j] - mean) * s
                yr[j] = gain[j] * hr[j] + bias[j]
            }
        }
    }

    /// dgain += sum dy * xhat; dbias += sum dy;
    /// dx += rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy * gain.
    public static func backward<T: ModelScalar>(
        dy: UnsafePointer<T>, xhat: UnsafePointer<T>, rstd: UnsafePointer<T>, gain: UnsafePointer<T>,
        dGain: UnsafeMutablePointer<T>, dBias: UnsafeMutablePointer<T>, dx: UnsafeMutablePointer<T>,
        rows: Int, width d: Int
    ) {
        for r in 0..<rows {
            let dyr = dy + r * d, hr = xhat + r * d, dxr = dx + r * d
            var gainSum = SIMD8<T>(), gainHatSum = SIMD8<T>()
            var j = 0
            while j + 8 <= d {
                let dyv = Vector.load(dyr + j), hv = Vector.load(hr + j), g = dyv * Vector.load(gain + j)
                gainSum += g
                gainHatSum += g * hv
                Vector.store(Vector.load(UnsafePointer(dGain + j)) + dyv * hv, dGain + j)
                Vector.store(Vector.load(UnsafePointer(dBias + j)) + dyv, dBias + j)
                j += 8
            }
            var meanG = ((gainSum[0] + gainSum[1]) + (gainSum[2] + gainSum[3]))
                + ((gainSum[4] + gainSum[5]) + (gainSum[6] + gainSum[7]))
            var meanGH = ((gainHatSum[0] + gainHatSum[1]) + (gainHatSum[2] + gainHatSum[3]))
                + ((gainHatSum[4] + gainHatSum[5]) + (gainHatSum[6] + gainHatSum[7]))
            while j < d {
                let g = dyr[j] * gain[j]
                meanG += g
                meanGH += g * hr[j]
                dGain[j] += dyr[j] * hr[j]
                dBias[j] += dyr[j]
                j += 1
            }
            meanG /= T(d)
            meanGH /= T(d)
            for j in 0..<d {
                dxr[j] += rstd[r] * (dyr[j] * gain[j] - meanG - hr[j] * meanGH)
            }
        }
    }
}
