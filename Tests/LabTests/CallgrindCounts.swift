import Foundation

/// What callgrind counted inside a `--toggle-collect` region: instructions executed and calls into the C allocator.
struct CallgrindCounts: Equatable {
    var instructions: Int
    var allocations: Int

    /// The allocator's entry points; Swift's own allocations reach them through swift_slowAlloc.
    static let allocators: Set<String> = ["malloc", "calloc", "realloc", "posix_memalign", "aligned_alloc", "memalign"]

    /// Reads a callgrind.out file written with `--compress-strings=no`: the `summary:` (or `totals:`) line, and the
    /// `calls=` line after every `cfn=` naming an allocator.
    static func parse(_ text: String) -> CallgrindCounts? {
        var instructions: Int?
        var allocations = 0
        var callingAllocator = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("summary:") || (instructions == nil && line.hasPrefix("totals:")) {
                instructions = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            } else if line.hasPrefix("cfn=") {
                let name = line.dropFirst(4).split(separator: "'").first.map(String.init) ?? ""
                callingAllocator = allocators.contains(name)
            } else if line.hasPrefix("calls=") {
                if callingAllocator { allocations += Int(line.dropFirst(6).split(separator: " ").first ?? "") ?? 0 }
                callingAllocator = false
            }
        }
        return instructions.map { CallgrindCounts(instructions: $0, allocations: allocations) }
    }
}

/// valgrind on the PATH, or nil (the instruction budget then skips).
let valgrindPath: String? = {
    (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { "\($0)/valgrind" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// Counts `lab bench --steps N` under callgrind, collecting only inside `canonicalSteps` (the N steps, no warm-up,
/// no start-up), with extra environment such as LAB_DENSE=blas.
func countCanonicalSteps(_ steps: Int, lab: URL = labBinary, environment: [String: String] = [:]) throws -> (counts: CallgrindCounts?, output: String) {
    try countRegion("canonicalSteps", arguments: ["bench", "--steps", "\(steps)"], lab: lab, environment: environment)
}

/// Counts `lab bench --count-evaluation` under callgrind, collecting only inside `countedEvaluation` (one reduced
/// evaluation after a warm-up one), with extra environment such as LAB_TRACE=backward.
func countReducedEvaluation(lab: URL = labBinary, environment: [String: String] = [:]) throws -> (counts: CallgrindCounts?, output: String) {
    try countRegion("countedEvaluation", arguments: ["bench", "--count-evaluation"], lab: lab, environment: environment)
}

/// Runs `lab ARGUMENTS` under callgrind collecting inside the functions matching `*symbol*`. Products stay in OpenBLAS
/// (LAB_GEMM=openblas), so a committed budget does not depend on whether libxsmm is installed.
private func countRegion(_ symbol: String, arguments: [String], lab: URL, environment: [String: String]) throws -> (counts: CallgrindCounts?, output: String) {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("lab-callgrind-\(UUID().uuidString)").path
    defer { unlink(out) }
    let run = try sh([valgrindPath ?? "valgrind", "--tool=callgrind", "--callgrind-out-file=\(out)", "--compress-strings=no",
                      "--compress-pos=no", "--toggle-collect=*\(symbol)*", lab.path] + arguments,
                     environment: environment.merging(["LAB_GEMM": "openblas"]) { a, _ in a })
    let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    return (CallgrindCounts.parse(text), run.output)
}
