import ArgumentParser
import Receivables
import Segmentation
import Tabular

// The library types that options parse into. Each conforms to `ExpressibleByArgument`, so a bad
// value is a usage error (exit 64) caught while parsing, before any work; the checks are the
// libraries' own.

/// A value that can say why a text is not one of it. `init?(argument:)` drops the reason;
/// options declared with `transform: { try T.parsing($0) }` show it after argument-parser's
/// "The value 'X' is invalid for '--flag <value>': ".
protocol ExplainedArgument: ExpressibleByArgument {
    /// The value `argument` spells, or a `ValidationError` saying what is wrong with it.
    static func parsing(_ argument: String) throws -> Self
}

extension ExplainedArgument {
    public init?(argument: String) {
        guard let value = try? Self.parsing(argument) else { return nil }
        self = value
    }
}

/// `--as-of`: an ISO date, `YYYY-MM-DD` exactly.
extension CalendarDay: ExplainedArgument {
    static func parsing(_ argument: String) throws -> CalendarDay {
        guard let day = CalendarDay(iso: argument[...]) else { throw ValidationError("must be a date YYYY-MM-DD") }
        return day
    }
}

/// `--date-format`: a pattern such as `M/d/yyyy`.
extension DateFormat: ExplainedArgument {
    static func parsing(_ argument: String) throws -> DateFormat {
        guard let format = DateFormat(argument) else {
            throw ValidationError("not a date pattern (use yyyy, M or MM, d or dd, e.g. M/d/yyyy)")
        }
        return format
    }

    public var defaultValueDescription: String { pattern }
}

/// `--date-format`: one pattern, or `column=pattern,...` (`LedgerDateFormats`).
extension LedgerDateFormats: ExplainedArgument {
    static func parsing(_ argument: String) throws -> LedgerDateFormats {
        do {
            return try LedgerDateFormats(spec: argument)
        } catch let error as ParameterError {
            throw ValidationError(error.problem.spelled(\.flag))
        }
    }
}

/// `--columns canonical=source,...`.
extension LedgerColumns: ExplainedArgument {
    static func parsing(_ argument: String) throws -> LedgerColumns {
        do {
            return try LedgerColumns(mapping: argument)
        } catch let error as ParameterError {
            throw ValidationError(error.problem.spelled(\.flag))
        }
    }
}

/// `--algorithm lloyd|minibatch`.
extension ClusteringAlgorithm: ExpressibleByArgument {}

/// `kmeans --init`: `k-means++`, `random`, or a CSV of initial centroids.
enum KMeansInitArgument: ExpressibleByArgument, Equatable {
    case kMeansPlusPlus
    case random
    case centroids(path: String)

    init(argument: String) {
        switch argument {
        case "k-means++": self = .kMeansPlusPlus
        case "random": self = .random
        default: self = .centroids(path: argument)
        }
    }

    var defaultValueDescription: String {
        switch self {
        case .kMeansPlusPlus: return "k-means++"
        case .random: return "random"
        case .centroids(let path): return path
        }
    }

    /// The centroid file, when one is named.
    var centroidFile: String? {
        if case .centroids(let path) = self { return path }
        return nil
    }
}

/// `--k N` or `--k auto`.
enum SegmentCountArgument: ExpressibleByArgument, Equatable {
    case auto
    case fixed(Int)

    public init?(argument: String) {
        if argument == "auto" { self = .auto }
        else if let n = Int(argument) { self = .fixed(n) }
        else { return nil }
    }

    var defaultValueDescription: String {
        switch self {
        case .auto: return "auto"
        case .fixed(let n): return String(n)
        }
    }

    func segmentCount(accounts: Int) -> SegmentCount {
        switch self {
        case .auto: return .auto(SegmentCount.defaultAutoRange(accounts: accounts))
        case .fixed(let n): return .fixed(n)
        }
    }
}
