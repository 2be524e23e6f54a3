#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Surface {
    /// The shading as an RGBA picture, `scale` pixels a cell, top row first (highest y):
    /// heights interpolated between cell centres with a contour line at every tenth of the
    /// shading (so a valley reads as nested rings); class regions cell by cell.
    package func pixels(scale: Int) -> (width: Int, height: Int, rgba: [UInt8]) {
        let width = columns * scale
        let height = rows * scale
        let levels = self.levels
        var shade = [Double](repeating: .nan, count: width * height)
        for py in 0..<height {
            // Continuous grid coordinates of the pixel's centre (cell centres at whole numbers).
            let v = (Double(height - 1 - py) + 0.5) / Double(scale) - 0.5
            for px in 0..<width {
                let u = (Double(px) + 0.5) / Double(scale) - 0.5
                shade[py * width + px] = interpolate(levels, u, v)
            }
        }
        var rgba = [UInt8](repeating: 255, count: width * height * 4)
        for py in 0..<height {
            for px in 0..<width {
                let index = py * width + px
                var colour: SurfaceColors.RGB
                switch shading {
                case .height:
                    colour = SurfaceColors.height(shade[index])
                    // A contour where the tenth changes towards the right or downwards.
                    let band = shade[index].isFinite ? Int(shade[index] * 10) : -1
                    let right = px + 1 < width && shade[index + 1].isFinite ? Int(shade[index + 1] * 10) : band
                    let below =
                        py + 1 < height && shade[index + width].isFinite ? Int(shade[index + width] * 10) : band
                    if band >= 0, right != band || below != band {
                        colour = SurfaceColors.mix(colour, (40, 44, 60), 0.45)
                    }
                case .classes(let names):
                    let cell = min(rows - 1, (height - 1 - py) / scale) * columns + min(columns - 1, px / scale)
                    colour =
                        values[cell].isFinite
                        ? SurfaceColors.region(Int(values[cell]), confidence: levels[cell], classes: names.count)
                        : (255, 255, 255)
                }
                rgba[4 * index] = UInt8(colour.r)
                rgba[4 * index + 1] = UInt8(colour.g)
                rgba[4 * index + 2] = UInt8(colour.b)
            }
        }
        return (width, height, rgba)
    }

    /// The shading as a PNG (`pixels(scale:)`).
    package func png(scale: Int = 4) -> [UInt8]? {
        let picture = pixels(scale: scale)
        return PNG.encode(width: picture.width, height: picture.height, .rgba(picture.rgba))
    }

    /// `grid` (rows × columns, row 0 at the bottom) between cell centres at (u, v); the nearest
    /// finite corner where a corner has no value.
    private func interpolate(_ grid: [Double], _ u: Double, _ v: Double) -> Double {
        let u = min(max(u, 0), Double(columns - 1))
        let v = min(max(v, 0), Double(rows - 1))
        let c0 = Int(u)
        let r0 = Int(v)
        let c1 = min(c0 + 1, columns - 1)
        let r1 = min(r0 + 1, rows - 1)
        let (a, b) = (u - Double(c0), v - Double(r0))
        let corners = [
            grid[r0 * columns + c0], grid[r0 * columns + c1], grid[r1 * columns + c0], grid[r1 * columns + c1],
        ]
        guard corners.allSatisfy(\.isFinite) else {
            return grid[Int(v.rounded()) * columns + Int(u.rounded())]
        }
        return (corners[0] * (1 - a) + corners[1] * a) * (1 - b) + (corners[2] * (1 - a) + corners[3] * a) * b
    }
}
