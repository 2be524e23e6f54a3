import Foundation
import JSON
import Notebook
import Rendering

/// The kernelspec Jupyter finds Gradbook by: a directory `gradbook` holding `kernel.json`
/// (how to start the kernel) and the logos JupyterLab's launcher shows.
public enum KernelSpec {
    public static let name = "gradbook"

    /// `kernel.json`: `argv` starts this executable as a kernel on the connection file
    /// Jupyter writes; interrupts come as SIGINT (Jupyter's default mode; an
    /// interrupt_request on control works too).
    public static func json(executable: String, extraArguments: [String] = []) -> JSON {
        .object([
            ("argv", .array(([executable, "kernel", "-f", "{connection_file}"] + extraArguments).map(JSON.string))),
            ("display_name", .string(displayName(extraArguments))), ("language", "gradbook"),
            ("interrupt_mode", "signal"),
            ("metadata", .object([("debugger", false)])),
        ])
    }

    /// The name JupyterLab's launcher shows: in Chinese for a kernel whose lessons are
    /// (`--lang zh`), so that a class reading the article's language finds it.
    public static func displayName(_ extraArguments: [String]) -> String {
        let lang = extraArguments.firstIndex(of: "--lang").flatMap {
            $0 + 1 < extraArguments.count ? extraArguments[$0 + 1] : nil
        }
        return lang == "zh" ? "Gradbook（中文课程）" : "Gradbook"
    }

    /// Where `--user` installs: Jupyter's per-user data directory ($JUPYTER_DATA_DIR when set,
    /// as `jupyter kernelspec install --user` does).
    public static func userDirectory(home: String, environment: [String: String]) -> String {
        if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty { return data + "/kernels/" + name }
        #if os(macOS)
            return home + "/Library/Jupyter/kernels/" + name
        #else
            let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
            return data + "/jupyter/kernels/" + name
        #endif
    }

    /// Where `--prefix DIR` installs (a virtual environment's or conda's prefix).
    public static func prefixDirectory(_ prefix: String) -> String {
        prefix + "/share/jupyter/kernels/" + name
    }

    /// Writes the kernelspec into `directory` (made if missing); returns the files written.
    public static func install(into directory: String, executable: String, extraArguments: [String] = [])
        throws(KernelError) -> [String]
    {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw KernelError("cannot create \(directory): \(error.localizedDescription)")
        }
        var files: [(String, [UInt8])] = [
            (
                "kernel.json",
                Array((json(executable: executable, extraArguments: extraArguments).serialized(indent: 1) + "\n").utf8)
            ),
            ("logo-svg.svg", Array(Logo.svg.utf8)),
        ]
        for size in [32, 64] {
            if let png = PNG.encode(width: size, height: size, .rgba(Logo.pixels(size: size))) {
                files.append(("logo-\(size)x\(size).png", png))
            }
        }
        for (file, bytes) in files {
            let path = directory + "/" + file
            guard manager.createFile(atPath: path, contents: Data(bytes)) else {
                throw KernelError("cannot write \(path)")
            }
        }
        return files.map { directory + "/" + $0.0 }
    }
}

/// Gradbook's logo: a loss curve falling to a green point, on a dark rounded square.
enum Logo {
    /// The curve, in a unit square (x right, y down): a loss that falls fast, then settles.
    static let curve: [(Double, Double)] = (0...20).map { step in
        let t = Double(step) / 20
        let fall: Double = (1 - exp(-4 * t)) / (1 - exp(-4))
        return (0.18 + 0.64 * t, 0.22 + 0.56 * fall)
    }

    static let svg: String = {
        let points = curve.map { "\(Int(($0.0 * 64).rounded())),\(Int(($0.1 * 64).rounded()))" }.joined(separator: " ")
        let end = (x: Int((curve[curve.count - 1].0 * 64).rounded()), y: Int((curve[curve.count - 1].1 * 64).rounded()))
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
            <rect x="2" y="2" width="60" height="60" rx="12" fill="#1f2937"/>
            <polyline points="\(points)" fill="none" stroke="#f9fafb" stroke-width="4" stroke-linecap="round"/>
            <circle cx="\(end.x)" cy="\(end.y)" r="5" fill="#22c55e"/>
            </svg>

            """
    }()

    /// The same drawing rasterised (each pixel sampled 4×4 times for smooth edges).
    static func pixels(size: Int) -> [UInt8] {
        let scale = Double(size) / 64
        var out = [UInt8](repeating: 0, count: size * size * 4)
        let end = curve[curve.count - 1]
        func distanceToCurve(_ x: Double, _ y: Double) -> Double {
            var best = Double.infinity
            for (a, b) in zip(curve, curve.dropFirst()) {
                let (ax, ay, bx, by) = (a.0 * 64, a.1 * 64, b.0 * 64, b.1 * 64)
                let (dx, dy) = (bx - ax, by - ay)
                let t = max(0, min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
                best = min(best, hypot(x - ax - t * dx, y - ay - t * dy))
            }
            return best
        }
        for py in 0..<size {
            for px in 0..<size {
                var colour = (r: 0.0, g: 0.0, b: 0.0, a: 0.0)
                for sy in 0..<4 {
                    for sx in 0..<4 {
                        let x = (Double(px) + (Double(sx) + 0.5) / 4) / scale
                        let y = (Double(py) + (Double(sy) + 0.5) / 4) / scale
                        // Rounded square from 2 to 62, corner radius 12.
                        let cx = min(max(x, 14), 50)
                        let cy = min(max(y, 14), 50)
                        guard hypot(x - cx, y - cy) <= 12, x >= 2, x <= 62, y >= 2, y <= 62 else { continue }
                        var sample = (r: 0x1f, g: 0x29, b: 0x37)
                        if distanceToCurve(x, y) <= 2 { sample = (0xf9, 0xfa, 0xfb) }
                        if hypot(x - end.0 * 64, y - end.1 * 64) <= 5 { sample = (0x22, 0xc5, 0x5e) }
                        colour.r += Double(sample.r)
                        colour.g += Double(sample.g)
                        colour.b += Double(sample.b)
                        colour.a += 255
                    }
                }
                let i = (py * size + px) * 4
                let n = colour.a / 255
                if n > 0 {
                    out[i] = UInt8(colour.r / n)
                    out[i + 1] = UInt8(colour.g / n)
                    out[i + 2] = UInt8(colour.b / n)
                }
                out[i + 3] = UInt8(colour.a / 16)
            }
        }
        return out
    }
}
