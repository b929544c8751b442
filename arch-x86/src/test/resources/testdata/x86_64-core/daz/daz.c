/* Sets MXCSR with DAZ, x87 with TOP=5, xmm/ymm patterns, then traps. Intended values printed by the program. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
static uint8_t ymm[16][32] __attribute__((aligned(32)));
int main(void) {
    for (int i = 0; i < 16; i++)
        for (int k = 0; k < 32; k++)
            ymm[i][k] = (uint8_t)(0x80 | ((i * 7 + k * 13) & 0x7f));
    long double a = 1.5L, b = -2.25L, c = 3.0L;
    unsigned int mxcsr = 0x1fc0;                 /* default masks + DAZ (bit 6) */
    __asm__ volatile(
        "fninit\n\t"
        "fldt %[a]\n\t" "fldt %[b]\n\t" "fldt %[c]\n\t"   /* TOP = 5; ST0 = c, ST1 = b, ST2 = a */
        "vmovdqa 0(%[y]), %%ymm0\n\t"   "vmovdqa 32(%[y]), %%ymm1\n\t"
        "vmovdqa 64(%[y]), %%ymm2\n\t"  "vmovdqa 96(%[y]), %%ymm3\n\t"
        "vmovdqa 128(%[y]), %%ymm4\n\t" "vmovdqa 160(%[y]), %%ymm5\n\t"
        "vmovdqa 192(%[y]), %%ymm6\n\t" "vmovdqa 224(%[y]), %%ymm7\n\t"
        "vmovdqa 256(%[y]), %%ymm8\n\t" "vmovdqa 288(%[y]), %%ymm9\n\t"
        "vmovdqa 320(%[y]), %%ymm10\n\t" "vmovdqa 352(%[y]), %%ymm11\n\t"
        "vmovdqa 384(%[y]), %%ymm12\n\t" "vmovdqa 416(%[y]), %%ymm13\n\t"
        "vmovdqa 448(%[y]), %%ymm14\n\t" "vmovdqa 480(%[y]), %%ymm15\n\t"
        "ldmxcsr %[m]\n\t"
        "int3\n\t"
        "nop\n\t"
        : : [a] "m"(a), [b] "m"(b), [c] "m"(c), [y] "r"(ymm), [m] "m"(mxcsr)
        : "memory", "xmm0","xmm1","xmm2","xmm3","xmm4","xmm5","xmm6","xmm7",
          "xmm8","xmm9","xmm10","xmm11","xmm12","xmm13","xmm14","xmm15");
    return 0;
}
