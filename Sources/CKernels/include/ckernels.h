// CKernels: x86-64 AVX2 / AVX-512 versions of the k-means assignment kernel, chosen at run
// time. Our own code (no BLAS); Clustering is its only user and keeps the portable Swift
// kernel as the reference and fallback: both produce the same bits (see assign.c).
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction sets the assignment kernel can use; `ck_best_level()` reports the best one this
/// CPU (and OS) supports.
typedef enum {
    CK_LEVEL_NONE = 0,    ///< no C kernel: use the portable Swift path
    CK_LEVEL_AVX2 = 1,
    CK_LEVEL_AVX512 = 2,
} ck_level;

/// One task of the fused Lloyd pass (rows `0..<rows` of `x`; all pointers already offset).
typedef struct {
    const double *x;              ///< rows x d, row-major
    const double *x_norms;        ///< ||x_i||^2 per row (read only when `accumulate`)
    const double *weights;        ///< per row, or NULL for all ones
    const double *centers_t;      ///< -2 c, transposed: d x padded, row-major, zero padding
    const double *center_norms;   ///< ||c_j||^2 for j < k, +infinity in the padding
    ptrdiff_t rows, d, k, padded; ///< padded = k rounded up to a multiple of 4
    ptrdiff_t *labels;            ///< in: previous labels; out: nearest centre per row
    double *sums;                 ///< k x d, += w x per row (when `accumulate`; caller zeroes; else NULL ok)
    double *cluster_weights;      ///< k, += w per row (when `accumulate`; caller zeroes; else NULL ok)
    double *scratch;              ///< 4 x padded doubles (at least 16), any alignment
    int accumulate;
} ck_assign_task;

/// What one task adds up: inertia `sum_i w_i max(0, ||x_i||^2 + best_i)` in row order (0 when not
/// accumulating) and the number of rows whose label changed.
typedef struct {
    double inertia;
    ptrdiff_t changed;
} ck_assign_result;

/// The best level this process can run (CPU flags and OS-enabled register state).
ck_level ck_best_level(void);

/// The fused assignment pass at `level` (which must be <= `ck_best_level()` and not NONE):
/// labels every row (first of equal scores), and when `accumulate` adds each row to its cluster's
/// sums and weight and to the inertia. Requires k >= 1, d >= 1.
ck_assign_result ck_assign(const ck_assign_task *task, ck_level level);

/// One task of the k-means++ candidate evaluation (rows `0..<rows`; pointers already offset).
typedef struct {
    const double *x;          ///< rows x d, row-major
    const double *weights;    ///< per row, or NULL for all ones
    const double *closest;    ///< per row: squared distance to the nearest chosen centroid
    const double *packed;     ///< candidates in groups of four: (group * d + f) * 4 + lane
    ptrdiff_t rows, d, lanes; ///< lanes = candidates rounded up to a multiple of 4
    double *distances;        ///< out: lane-major, row i's squared distance to candidate l at
                              ///< distances[l * stride + i]
    ptrdiff_t stride;         ///< elements between two lanes' rows in `distances`
    double *potentials;       ///< out: per lane, sum_i w_i min(closest_i, distance_i) in row order
} ck_candidates_task;

/// The k-means++ candidate evaluation at `level` (not NONE): see candidates.c.
void ck_kmeanspp_candidates(const ck_candidates_task *task, ck_level level);

#ifdef __cplusplus
}
#endif

#endif
