import Testing
import Clustering
import NumericCore

@Suite struct ClusterMeansTests {
    @Test func meanRowPerLabelInIncreasingLabelOrder() {
        let x = Matrix([[0, 0], [2, 4], [10, 10], [1, 2], [20, 30]])
        // Labels 7 and -3: row 0 of the result is label -3.
        let means = ClusterQuality.clusterMeans(x, labels: [7, 7, -3, 7, -3])
        #expect(means.rowArrays == [[15, 20], [1, 2]])
        // Within-cluster sum of squares with the renumbered labels.
        let wcss = ClusterQuality.inertia(x, labels: [1, 1, 0, 1, 0], centroids: means)
        #expect(wcss == (1 + 4) + (1 + 4) + 0 + (25 + 100) + (25 + 100))
    }
}
