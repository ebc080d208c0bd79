import ArgumentParser
import Clustering
import NumericCore

/// `ar-segment doctor`: what the numeric back end looks like on this machine.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Print the linked OpenBLAS core, build configuration and thread count, and the k-means kernels in use.",
        discussion: """
        Debian's OpenBLAS can misdetect virtual CPUs as 'Prescott', which makes matrix
        products several times slower. Set OPENBLAS_CORETYPE (for example Haswell or
        SkylakeX) to override the detection.

        The k-means kernels (Lloyd assignment, k-means++ candidates) use AVX-512 or AVX2
        when the CPU has them and portable SSE2 code otherwise, with identical results;
        AR_SEGMENT_KERNEL=portable, avx2 or avx512 caps the choice.

        Example: ar-segment doctor
        """
    )

    func run() throws {
        print("ar-segment \(ARSegment.toolVersion)")
        print("openblas core: \(BLASInfo.coreName)")
        print("openblas config: \(BLASInfo.configuration)")
        print("openblas threads: \(BLASInfo.threadCount)")
        print("k-means kernels: \(KMeansKernels.selected) (this CPU supports \(KMeansKernels.best))")
    }
}
