// The k-means++ candidate evaluation (greedy k-means++: every step scores 2 + ln k candidate
// centroids against all rows) for x86-64 CPUs with AVX2, selected at run time by Clustering.
//
// It was the largest cost of a k-means fit with n_init = 10 (about a third of the CPU time of
// `kmeans --n-init 10` at 1M x 16): the portable Swift code computes four candidates' squared
// distances per row in two SSE2 halves; one 256-bit register holds all four here.
//
// Bit-identical to the portable path (`squaredDistancesToFour` and `evaluateCandidates` in
// Sources/Clustering), which KMeansPlusPlusKernelTests compare on random data:
// - lane j of a row's distances is `||x - c_j||^2` summed as `squaredDistance` sums it: for each
//   group of four features `acc += ((t0*t0 + t1*t1) + t2*t2) + t3*t3` with `t = x_f - c_jf`,
//   then `acc += t*t` for the remaining features; no FMA (the pragma forbids contraction);
// - the potential adds `min(distance, closest_i) * w_i` per lane in row order, where
//   `min(a, b)` is `a < b ? a : b` (`vminpd`, as the portable `minpd`), `w_i` 1 without weights.
#pragma clang fp contract(off)

#include "ckernels.h"
#include <stdint.h>

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>

#define CK_AVX2 __attribute__((target("avx2")))

/// Row `x`'s squared distances to the four candidates packed at `c` (see the file's comment).
static inline __attribute__((always_inline)) CK_AVX2 __m256d distances4(const double *x, const double *c, ptrdiff_t d) {
    __m256d acc = _mm256_setzero_pd();
    ptrdiff_t f = 0;
    for (; f + 4 <= d; f += 4) {
        __m256d t0 = _mm256_sub_pd(_mm256_broadcast_sd(x + f), _mm256_loadu_pd(c + 4 * f));
        __m256d t1 = _mm256_sub_pd(_mm256_broadcast_sd(x + f + 1), _mm256_loadu_pd(c + 4 * f + 4));
        __m256d t2 = _mm256_sub_pd(_mm256_broadcast_sd(x + f + 2), _mm256_loadu_pd(c + 4 * f + 8));
        __m256d t3 = _mm256_sub_pd(_mm256_broadcast_sd(x + f + 3), _mm256_loadu_pd(c + 4 * f + 12));
        __m256d group_sum = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(t0, t0), _mm256_mul_pd(t1, t1)),
                                                        _mm256_mul_pd(t2, t2)),
                                          _mm256_mul_pd(t3, t3));
        acc = _mm256_add_pd(acc, group_sum);
    }
    for (; f < d; f++) {
        __m256d r = _mm256_sub_pd(_mm256_broadcast_sd(x + f), _mm256_loadu_pd(c + 4 * f));
        acc = _mm256_add_pd(acc, _mm256_mul_pd(r, r));
    }
    return acc;
}

/// `potential += min(distance, closest) * w` (the portable path's order and `min`).
static inline __attribute__((always_inline)) CK_AVX2 __m256d add_potential(__m256d potential, __m256d acc,
                                                                          const ck_candidates_task *t, ptrdiff_t i) {
    __m256d w = _mm256_set1_pd(t->weights ? t->weights[i] : 1.0);
    __m256d nearest = _mm256_min_pd(acc, _mm256_set1_pd(t->closest[i]));
    return _mm256_add_pd(potential, _mm256_mul_pd(nearest, w));
}

/// Distances are stored lane-major (each candidate's distances contiguous), so that folding the
/// chosen candidate into `closest` reads 8 bytes per row instead of the 32 of a row-major
/// layout; four rows at a time, transposed in registers, with non-temporal stores when the
/// four lanes' rows are 32-byte aligned (the pass writes 32 MB at 1M rows, read back once:
/// caching it only evicts `x`).
CK_AVX2
static void candidates_avx2(const ck_candidates_task *t) {
    const ptrdiff_t d = t->d, lanes = t->lanes, stride = t->stride;
    for (ptrdiff_t group = 0; group < lanes / 4; group++) {
        const double *c = t->packed + group * d * 4;
        double *out = t->distances + group * 4 * stride;
        const int aligned = ((uintptr_t)out % 32 == 0) && (stride % 4 == 0);
        __m256d potential = _mm256_setzero_pd();
        ptrdiff_t i = 0;
        for (; i + 4 <= t->rows; i += 4) {
            __m256d a0 = distances4(t->x + i * d, c, d);
            potential = add_potential(potential, a0, t, i);
            __m256d a1 = distances4(t->x + (i + 1) * d, c, d);
            potential = add_potential(potential, a1, t, i + 1);
            __m256d a2 = distances4(t->x + (i + 2) * d, c, d);
            potential = add_potential(potential, a2, t, i + 2);
            __m256d a3 = distances4(t->x + (i + 3) * d, c, d);
            potential = add_potential(potential, a3, t, i + 3);
            __m256d t0 = _mm256_unpacklo_pd(a0, a1), t1 = _mm256_unpackhi_pd(a0, a1);
            __m256d t2 = _mm256_unpacklo_pd(a2, a3), t3 = _mm256_unpackhi_pd(a2, a3);
            __m256d l0 = _mm256_permute2f128_pd(t0, t2, 0x20), l1 = _mm256_permute2f128_pd(t1, t3, 0x20);
            __m256d l2 = _mm256_permute2f128_pd(t0, t2, 0x31), l3 = _mm256_permute2f128_pd(t1, t3, 0x31);
            if (aligned) {
                _mm256_stream_pd(out + i, l0);
                _mm256_stream_pd(out + stride + i, l1);
                _mm256_stream_pd(out + 2 * stride + i, l2);
                _mm256_stream_pd(out + 3 * stride + i, l3);
            } else {
                _mm256_storeu_pd(out + i, l0);
                _mm256_storeu_pd(out + stride + i, l1);
                _mm256_storeu_pd(out + 2 * stride + i, l2);
                _mm256_storeu_pd(out + 3 * stride + i, l3);
            }
        }
        for (; i < t->rows; i++) {
            __m256d acc = distances4(t->x + i * d, c, d);
            potential = add_potential(potential, acc, t, i);
            double lane[4];
            _mm256_storeu_pd(lane, acc);
            for (int l = 0; l < 4; l++) out[l * stride + i] = lane[l];
        }
        _mm256_storeu_pd(t->potentials + group * 4, potential);
    }
    if (t->rows >= 4) _mm_sfence();   // the streamed distances are read by other threads next
}

void ck_kmeanspp_candidates(const ck_candidates_task *task, ck_level level) {
    (void)level;   // AVX-512 halves would need two rows per register: no gain measured worth it
    candidates_avx2(task);
}

#else

void ck_kmeanspp_candidates(const ck_candidates_task *task, ck_level level) {
    (void)task; (void)level;
    __builtin_trap();   // Clustering only calls this when ck_best_level() is not NONE
}

#endif
