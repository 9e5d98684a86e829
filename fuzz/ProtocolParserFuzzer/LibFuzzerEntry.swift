import PopBenchProtocols

/// libFuzzer's entry point: one input through the parser, compiler and initial counts.
///
/// Built with `swift build --sanitize fuzzer -Xswiftc -DPARSER_LIBFUZZER` (see
/// scripts/fuzz-protocol-parser), libFuzzer supplies `main` and calls this per input; in a
/// normal build it is unused and the seeded mutation loop in `MutationFuzzer` runs instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func protocolParserTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = ParserExercise.run(text)
    return 0
}
