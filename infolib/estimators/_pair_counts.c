/* Joint counts of two integer arrays with small ranges, in one pass over both.
 *
 * pair_counts(x, y, kind, lo_x, k_x, lo_y, k_y, table, start) -> stop
 *
 * x, y   C-contiguous buffers of the same integer type, given by ``kind``:
 *        0..3 int8/16/32/64, 4..7 uint8/16/32/64;
 * table  a writable C-contiguous int64 buffer of k_x * k_y cells, laid out (x - lo_x, y - lo_y);
 * start  the first index to count.
 *
 * Counts the pairs from ``start`` on into ``table`` and returns the index of the first pair with
 * x outside lo_x .. lo_x + k_x - 1 or y outside lo_y .. lo_y + k_y - 1 (that pair is not counted),
 * or the length if there is none.  The caller widens the ranges and goes on from there.
 *
 * The test ``(unsigned)(v - lo) < k`` in 64-bit unsigned arithmetic is exact for every int64 v and
 * lo (the difference is taken modulo 2^64), so no value can wrap into another cell.  The numpy
 * fallback in counts.py computes the same table; the tests compare both with numpy.unique.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define COUNT_LOOP(T)                                                                     \
    do {                                                                                  \
        const T *a = (const T *)bx.buf, *b = (const T *)by.buf;                           \
        for (i = start; i < n; i++) {                                                     \
            uint64_t u = (uint64_t)(int64_t)a[i] - ulx, v = (uint64_t)(int64_t)b[i] - uly; \
            if (u >= ukx || v >= uky) break;                                              \
            table[u * uky + v]++;                                                         \
        }                                                                                 \
    } while (0)

static PyObject *pair_counts(PyObject *self, PyObject *args) {
    Py_buffer bx, by, bt;
    int kind;
    long long lo_x, k_x, lo_y, k_y;
    Py_ssize_t start, i, n, size[] = {1, 2, 4, 8, 1, 2, 4, 8};
    if (!PyArg_ParseTuple(args, "y*y*iLLLLw*n", &bx, &by, &kind, &lo_x, &k_x, &lo_y, &k_y, &bt,
                          &start))
        return NULL;
    PyObject *result = NULL;
    if (kind < 0 || kind > 7 || k_x <= 0 || k_y <= 0 || bx.len != by.len ||
        bx.len % size[kind] != 0 || bt.len != (Py_ssize_t)(k_x * k_y * 8) || start < 0) {
        PyErr_SetString(PyExc_ValueError, "pair_counts: inconsistent buffers or ranges");
        goto done;
    }
    n = bx.len / size[kind];
    if (start > n) start = n;
    {
        int64_t *table = (int64_t *)bt.buf;
        const uint64_t ulx = (uint64_t)lo_x, uly = (uint64_t)lo_y;
        const uint64_t ukx = (uint64_t)k_x, uky = (uint64_t)k_y;
        Py_BEGIN_ALLOW_THREADS
        switch (kind) {
            case 0: COUNT_LOOP(int8_t); break;
            case 1: COUNT_LOOP(int16_t); break;
            case 2: COUNT_LOOP(int32_t); break;
            case 3: COUNT_LOOP(int64_t); break;
            case 4: COUNT_LOOP(uint8_t); break;
            case 5: COUNT_LOOP(uint16_t); break;
            case 6: COUNT_LOOP(uint32_t); break;
            default: COUNT_LOOP(uint64_t); break;
        }
        Py_END_ALLOW_THREADS
    }
    result = PyLong_FromSsize_t(i);
done:
    PyBuffer_Release(&bx);
    PyBuffer_Release(&by);
    PyBuffer_Release(&bt);
    return result;
}

static PyMethodDef methods[] = {
    {"pair_counts", pair_counts, METH_VARARGS,
     "pair_counts(x, y, kind, lo_x, k_x, lo_y, k_y, table, start) -> index of the first pair "
     "outside the ranges (or the length); the pairs before it are added to table."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pair_counts",
                                    "One-pass joint counts of small-range integers.", -1, methods};

PyMODINIT_FUNC PyInit__pair_counts(void) { return PyModule_Create(&module); }
