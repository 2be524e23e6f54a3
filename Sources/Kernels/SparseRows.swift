import CLoops

/// A byte data set's samples as compressed sparse rows: for each sample only its nonzero
/// bytes, as (column, byte). Most of an MNIST digit is background — about 19% of the pixels are
/// nonzero — so a first layer that reads its input through this skips four fifths of its
/// multiply-adds and gives the same products (`x·W` summed over the nonzero x only).
///
/// Row i's entries are k in `offsets[i] ..< offsets[i+1]`, the value at column `columns[k]` being
/// `Float(values[k])·scale`, exactly the value a dense batch of the same bytes holds there.
/// (The products are kernels; a byte data set is turned into these rows by NeuralNet.)
public final class SparseRows: Sendable {
    public let offsets: [Int64]
    public let columns: [UInt16]
    public let values: [UInt8]
    public let scale: Float
    public let width: Int

    /// A sparse form of `rows` samples of `width` bytes each (values `byte·scale`) when it
    /// pays: rows of at most 65,536 columns and at most `density` of the bytes nonzero. nil
    /// otherwise.
    public init?(bytes: [UInt8], rows: Int, width: Int, scale: Float, density: Double = 0.5) {
        guard width <= 1 << 16, width > 0, rows > 0, bytes.count == rows * width else { return nil }
        let nonzero = bytes.withUnsafeBufferPointer { gb_count_nonzero_u8($0.baseAddress!, $0.count) }
        guard Double(nonzero) <= density * Double(bytes.count) else { return nil }
        var offsets = [Int64](repeating: 0, count: rows + 1)
        var columns = [UInt16](repeating: 0, count: nonzero)
        var values = [UInt8](repeating: 0, count: nonzero)
        bytes.withUnsafeBufferPointer { b in
            offsets.withUnsafeMutableBufferPointer { o in
                columns.withUnsafeMutableBufferPointer { c in
                    values.withUnsafeMutableBufferPointer { v in
                        gb_compress_u8(b.baseAddress!, rows, width, o.baseAddress!, c.baseAddress!, v.baseAddress!)
                    }
                }
            }
        }
        self.offsets = offsets
        self.columns = columns
        self.values = values
        self.scale = scale
        self.width = width
    }

    /// The fraction of entries stored.
    public var density: Double { Double(columns.count) / Double(max(1, (offsets.count - 1) * width)) }

    /// One batch of samples for the products of a first layer: X·W sums each row of y in
    /// registers; for Xᵀ·dZ the nonzeros are sorted by column, so each row of dW is summed in
    /// registers and written once. Memory for batches of
    /// up to `capacity` rows is allocated once; `load` fills it for each batch.
    public final class Batch {
        public let source: SparseRows
        public let capacity: Int
        public private(set) var rows = 0
        let indices: UnsafeMutablePointer<Int>
        let start: UnsafeMutablePointer<Int32>
        let which: UnsafeMutablePointer<Int32>
        let value: UnsafeMutablePointer<Float>

        public init(_ source: SparseRows, capacity: Int) {
            self.source = source
            self.capacity = capacity
            indices = .allocate(capacity: max(1, capacity))
            start = .allocate(capacity: source.width + 1)
            start.initialize(repeating: 0, count: source.width + 1)
            which = .allocate(capacity: max(1, capacity * source.width))
            value = .allocate(capacity: max(1, capacity * source.width))
        }

        deinit {
            indices.deallocate()
            start.deallocate()
            which.deallocate()
            value.deallocate()
        }

        /// Takes the samples `indices` (at most `capacity`) as the batch.
        public func load(_ indices: UnsafeBufferPointer<Int>) {
            precondition(indices.count <= capacity, "a sparse batch of \(capacity) rows cannot hold \(indices.count)")
            rows = indices.count
            if let base = indices.baseAddress { self.indices.update(from: base, count: rows) }
            source.withPointers(indices) { r, o, c, v in
                gb_sparse_columns(r, indices.count, o, c, v, source.scale, source.width, start, which, value)
            }
        }

        /// y = X·W (W: width × n; y: rows × n, overwritten), row by row: on processors that
        /// split AVX stores in two, summing each row of y in registers beats updating y once
        /// per nonzero (measured on this project's machine).
        public func times(_ weights: UnsafePointer<Float>, n: Int, into y: UnsafeMutablePointer<Float>) {
            source.withPointers(UnsafeBufferPointer(start: indices, count: rows)) { r, o, c, v in
                gb_sparse_rows_times(r, rows, o, c, v, source.scale, weights, n, y)
            }
        }

        /// dW = Xᵀ·dZ (dZ: rows × n; dW: width × n): the rows `columns` of dW (all by default),
        /// overwritten or, with `accumulate`, added to.
        public func transposeTimes(
            _ dZ: UnsafePointer<Float>, n: Int, into dW: UnsafeMutablePointer<Float>,
            columns: Range<Int>? = nil, accumulate: Bool = false
        ) {
            let columns = (columns ?? 0..<source.width).clamped(to: 0..<source.width)
            gb_sparse_columns_transpose_times(
                start, which, value, dZ, n, columns.lowerBound, columns.upperBound, accumulate ? 1 : 0, dW)
        }
    }

    fileprivate func withPointers(
        _ rows: UnsafeBufferPointer<Int>,
        _ body: (UnsafePointer<Int64>, UnsafePointer<Int64>, UnsafePointer<UInt16>, UnsafePointer<UInt8>) -> Void
    ) {
        guard let base = rows.baseAddress else { return }
        base.withMemoryRebound(to: Int64.self, capacity: rows.count) { r in
            offsets.withUnsafeBufferPointer { o in
                columns.withUnsafeBufferPointer { c in
                    values.withUnsafeBufferPointer { v in
                        // An empty data set has no entries; any valid pointer will do for zero reads.
                        body(
                            r, o.baseAddress!, c.baseAddress ?? UnsafePointer(bitPattern: 1)!,
                            v.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                    }
                }
            }
        }
    }
}
