/// Row-wise LayerNorm with learned gain and bias over width d:
/// xhat = (x - mean) * rstd, rstd = 1 / sqrt(var + eps) (biased variance), y = gain * xhat + bias.
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
            var mean: T = 0
            for j in 0..<d { mean += xr[j] }
            mean /= T(d)
            var variance: T = 0
            for j in 0..<d { let c = xr[j] - mean; variance += c * c }
            variance /= T(d)
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
            var meanG: T = 0, meanGH: T = 0
            for j in 0..<d {
                let g = dyr[j] * gain[j]
                meanG += g
                meanGH += g * hr[j]
                dGain[j] += dyr[j] * hr[j]
                dBias[j] += dyr[j]
            }
            meanG /= T(d)
            meanGH /= T(d)
            for j in 0..<d {
                dxr[j] += rstd[r] * (dyr[j] * gain[j] - meanG - hr[j] * meanGH)
            }
        }
    }
}
