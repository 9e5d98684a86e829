/// The rectifier y = max(0, x), elementwise. Backward: dx = dy * [y > 0] (the derivative at 0
/// is taken as 0). `Conv2D.forward(relu: true)` fuses the forward pass with the bias add.
public enum ReLU {
    /// y = max(0, x); `y` may be `x` (in place).
    public static func forward(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = max(x[i], 0) }
    }

    /// dx = dy * [y > 0] from the forward output `y`; `dx` may be `dy` (in place).
    public static func backward(dy: UnsafePointer<Float>, y: UnsafePointer<Float>,
                                dx: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { dx[i] = y[i] > 0 ? dy[i] : 0 }
    }
}
