#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs `body` on a thread of its own with a stack of `bytes`, and waits for it.
///
/// The interpreter recurses over expressions; its limits (`Limit.nesting`,
/// `Limit.expressionDepth`, `Limit.evaluationDepth`) are set so that the deepest line they
/// allow fits in this stack with room to spare — whatever thread the front end calls from
/// (the main thread, a test runner's worker with a small stack, a kernel's socket thread)
/// and however large the frames of the build (AddressSanitizer's are several times larger).
/// The stack is reserved address space; only the pages a line touches are ever used.
package func onLargeStack<T>(bytes: Int = 512 << 20, _ body: () -> T) -> T {
    withoutActuallyEscaping(body) { body in
        var result: T?
        let context = StackContext { result = body() }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, bytes)
        let unmanaged = Unmanaged.passRetained(context)
        #if canImport(Darwin)
            var thread: pthread_t?
        #else
            var thread = pthread_t()
        #endif
        let started = pthread_create(
            &thread, &attributes,
            { raw in
                #if canImport(Darwin)
                    let context = Unmanaged<StackContext>.fromOpaque(raw).takeUnretainedValue()
                #else
                    guard let raw else { return nil }
                    let context = Unmanaged<StackContext>.fromOpaque(raw).takeUnretainedValue()
                #endif
                context.run()
                return nil
            }, unmanaged.toOpaque())
        defer { unmanaged.release() }
        guard started == 0 else { return body() }  // no thread to be had: run here
        #if canImport(Darwin)
            if let thread { pthread_join(thread, nil) }
        #else
            pthread_join(thread, nil)
        #endif
        return result ?? body()
    }
}

/// What the new thread runs (a class, so one pointer can carry it through pthread_create).
private final class StackContext {
    package let run: () -> Void
    package init(_ run: @escaping () -> Void) { self.run = run }
}
