import Testing
import NumericCore
import TestSupport

// NumericCore's scaler and PCA against scikit-learn's numbers (fixtures written by
// scripts/reference/make_fixtures.py; they live here because this target holds the fixtures).

private struct ScalerFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var x: [[Double]]
        var mean: [Double]
        var scale: [Double]
        var `var`: [Double]
    }
    var cases: [Case]
}

private struct PCAFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var x: [[Double]]
        var n_components: Int?
        var mean: [Double]
        var components: [[Double]]
        var explained_variance: [Double]
        var explained_variance_ratio: [Double]
        var singular_values: [Double]
    }
    var cases: [Case]
}

@Suite struct NumericCoreReferenceTests {
    @Test func scalerMatchesScikitLearn() throws {
        let fixture = try Fixture.load("scaler", as: ScalerFixture.self)
        #expect(!fixture.cases.isEmpty)
        for c in fixture.cases {
            let fitted = StandardScaler().fit(Matrix(c.x))
            #expect(approxEqual(fitted.mean, c.mean, relative: 1e-12), "\(c.name): mean")
            #expect(approxEqual(fitted.scale, c.scale, relative: 1e-12), "\(c.name): scale")
            #expect(approxEqual(fitted.variance, c.var, relative: 1e-12, absolute: 1e-15), "\(c.name): var")
        }
    }

    @Test func pcaMatchesScikitLearnCovarianceSolver() throws {
        let fixture = try Fixture.load("pca", as: PCAFixture.self)
        #expect(!fixture.cases.isEmpty)
        for c in fixture.cases {
            let count: PrincipalComponents.ComponentCount = c.n_components.map { .count($0) } ?? .all
            let pca = try PrincipalComponents(count: count).fit(Matrix(c.x))
            #expect(approxEqual(pca.mean, c.mean, relative: 1e-12), "\(c.name): mean")
            #expect(pca.components.rows == c.components.count, "\(c.name): component count")
            #expect(approxEqual(pca.components.storage, c.components.flatMap { $0 }, relative: 1e-9, absolute: 1e-9),
                    "\(c.name): components")
            #expect(approxEqual(pca.explainedVariance, c.explained_variance, relative: 1e-9, absolute: 1e-12),
                    "\(c.name): explained variance")
            #expect(approxEqual(pca.explainedVarianceRatio, c.explained_variance_ratio, relative: 1e-9, absolute: 1e-12),
                    "\(c.name): ratio")
            #expect(approxEqual(pca.singularValues, c.singular_values, relative: 1e-9, absolute: 1e-9),
                    "\(c.name): singular values")
        }
    }
}
