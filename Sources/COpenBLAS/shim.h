// The C surface ar-segment uses: CBLAS and LAPACKE from Debian's OpenBLAS and
// reference LAPACKE (Debian's OpenBLAS ships without LAPACKE, hence two libraries).
// Include paths come from pkg-config (`openblas`); nothing is hard-coded here.
#include <cblas.h>
#include <lapacke.h>
