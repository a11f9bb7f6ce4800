"""The random numbers of TensorFlow Playground: seedrandom 2.4.4's `Math.seedrandom(seed)`.

The Playground calls `Math.seedrandom(state.seed)` (seed is a string such as "0.80007") and then
draws every number with `Math.random()`: the data, the shuffle, then the starting weights. To
give the same run as a browser, we need the same numbers in the same order, so this file writes
David Bau's seedrandom (github.com/davidbau/seedrandom, seedrandom.js) in plain Python:

1. `mixkey`: the seed string becomes a key of at most 256 bytes.
2. ARC4 (RC4) keyed with it, whose first 256 output bytes are thrown away ("RC4-drop[256]").
3. `random()`: a float in [0, 1) built from 6 output bytes, plus more bytes until all 52 bits
   of a double's mantissa are random, exactly as seedrandom's `prng()` does.
"""

# The constants of seedrandom.js: ARC4 bytes, six of them to start a double, 52 mantissa bits.
WIDTH = 256
MASK = WIDTH - 1
CHUNKS = 6
START_DENOMINATOR: int = WIDTH**CHUNKS  # 2 ** 48
SIGNIFICANCE: int = 2**52
OVERFLOW = SIGNIFICANCE * 2


def mixkey(seed: str) -> list[int]:
    """seedrandom's mixkey(): the key bytes of a seed string.

    Each character (a UTF-16 code unit, as JavaScript's charCodeAt gives) is smeared into the
    key position j mod 256, so a seed longer than 256 characters still changes the key.
    """
    key: list[int] = []
    smear = 0
    codes = seed.encode("utf-16-le")
    for j in range(len(codes) // 2):
        code = codes[2 * j] | (codes[2 * j + 1] << 8)
        position = MASK & j
        if position < len(key):
            # In JavaScript an empty position reads as undefined, which XORs as 0.
            smear ^= key[position] * 19
            key[position] = MASK & (smear + code)
        else:
            key.append(MASK & (smear + code))
    return key


class SeedRandom:
    """`Math.seedrandom(seed)` followed by `Math.random()` calls: `random()` is the next one.

    >>> SeedRandom("hello.").random()  # seedrandom's own test vector
    0.9282578795792454
    """

    def __init__(self, seed: str) -> None:
        key = mixkey(seed) or [0]  # seedrandom treats the empty key as [0]
        # ARC4's key schedule: a permutation of 0..255 stirred by the key.
        s = list(range(WIDTH))
        j = 0
        for i in range(WIDTH):
            j = MASK & (j + key[i % len(key)] + s[i])
            s[i], s[j] = s[j], s[i]
        self._s = s
        self._i = 0
        self._j = 0
        self._next_bytes(WIDTH)  # RC4-drop[256]: the first bytes are the weakest, discard them

    def _next_bytes(self, count: int) -> int:
        """ARC4's g(count): the next `count` output bytes as one big-endian integer."""
        s, i, j = self._s, self._i, self._j
        result = 0
        for _ in range(count):
            i = MASK & (i + 1)
            t = s[i]
            j = MASK & (j + t)
            s[i] = s[j]
            s[j] = t
            result = result * WIDTH + s[MASK & (s[i] + t)]
        self._i, self._j = i, j
        return result

    def random(self) -> float:
        """The next number in [0, 1), every mantissa bit random: seedrandom's prng().

        seedrandom works with JavaScript doubles; every value here is an integer below 2**60
        (or a power of two), so Python's exact integers give the very same number.
        """
        n = self._next_bytes(CHUNKS)  # numerator n < 2**48
        d = START_DENOMINATOR  # denominator 2**48
        x = 0  # no extra last byte yet
        while n < SIGNIFICANCE:  # fill all 52 significant bits: shift in one more byte
            n = (n + x) * WIDTH
            d *= WIDTH
            x = self._next_bytes(1)
        while n >= OVERFLOW:  # too many bits: shift right so that n + x cannot round up
            n //= 2
            d //= 2
            x >>= 1
        return (n + x) / d
