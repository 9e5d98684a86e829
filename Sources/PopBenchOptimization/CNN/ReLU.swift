/// The rectifier y = max(0, x), elementwise. Backward: dx = dy * [y > 0] (the derivative at 0
/// is taken as 0). `Conv2D.forward(relu: true)` fuses the forward pass with the bias add.
/// Both passes run eight lanes at a time (SIMD8), in place when the pointers are equal.
public enum ReLU {
    /// y = max(0, x); `y` may be `x` (in place).
    public static func forward(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, count: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        var i = 0
        while i + 8 <= count {
            let v = rx.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            ry.storeBytes(of: v.replacing(with: 0, where: v .< 0), toByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { y[i] = max(x[i], 0); i += 1 }
    }

    /// dx = dy * [y > 0] from the forward output `y`; `dx` may be `dy` (in place).
    public static func backward(dy: UnsafePointer<Float>, y: UnsafePointer<Float>,
                                dx: UnsafeMutablePointer<Float>, count: Int) {
        let rd = UnsafeRawPointer(dy), ry = UnsafeRawPointer(y), rx = UnsafeMutableRawPointer(dx)
        var i = 0
        while i + 8 <= count {
            let g = rd.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            let v = ry.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            rx.storeBytes(of: g.replacing(with: 0, where: v .<= 0), toByteOffset: 4 * i, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { dx[i] = y[i] > 0 ? dy[i] : 0; i += 1 }
    }
}
