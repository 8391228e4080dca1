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
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("lab-callgrind-\(UUID().uuidString)").path
    defer { unlink(out) }
    let run = try sh([valgrindPath ?? "valgrind", "--tool=callgrind", "--callgrind-out-file=\(out)", "--compress-strings=no",
                      "--compress-pos=no", "--toggle-collect=*canonicalSteps*", lab.path, "bench", "--steps", "\(steps)"],
                     environment: environment)
    let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    return (CallgrindCounts.parse(text), run.output)
}
