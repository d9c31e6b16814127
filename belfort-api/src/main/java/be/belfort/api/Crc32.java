package be.belfort.api;

/**
 * The CRC-32 of gzip (the reflected polynomial 0xEDB88320) of two byte sequences one after the other, from their own
 * checksums and the second one's length, without their bytes: the checksum of a page of kept bodies costs a few
 * operations per body instead of a pass over every byte.
 *
 * <p>The arithmetic is that of polynomials over GF(2) modulo the CRC's polynomial, bit-reflected as the CRC is (the
 * highest bit of an int is x^0). Appending n bytes to a sequence multiplies its checksum by x^(8n); that power is built
 * from the powers x^(2^k) kept in a table, one multiplication per set bit of 8n.
 */
final class Crc32 {
    private static final int POLYNOMIAL = 0xEDB88320;
    /** x^0, reflected. */
    private static final int ONE = 0x80000000;
    /** x^(2^k) modulo the polynomial for k = 0..31: x^(2^(k+1)) is x^(2^k) squared. */
    private static final int[] POWERS = new int[32];

    static {
        POWERS[0] = ONE >>> 1;
        for (int k = 1; k < POWERS.length; k++) {
            POWERS[k] = multiply(POWERS[k - 1], POWERS[k - 1]);
        }
    }

    private Crc32() {
    }

    /** The checksum of A followed by B, given A's checksum, B's checksum and B's length in bytes. */
    static int combine(int first, int second, long secondLength) {
        return multiply(powerOfX(secondLength * 8), first) ^ second;
    }

    /** x^n modulo the polynomial. */
    private static int powerOfX(long n) {
        int power = ONE;
        for (int k = 0; n != 0; k = (k + 1) & 31, n >>>= 1) {
            if ((n & 1) != 0) {
                power = multiply(POWERS[k], power);
            }
        }
        return power;
    }

    /** a times b modulo the polynomial. */
    private static int multiply(int a, int b) {
        int product = 0;
        for (int bit = ONE; bit != 0; bit >>>= 1) {
            if ((a & bit) != 0) {
                product ^= b;
            }
            // b times x: a shift towards the low bits, reduced by the polynomial when x^31 leaves
            b = (b & 1) != 0 ? (b >>> 1) ^ POLYNOMIAL : b >>> 1;
        }
        return product;
    }
}
