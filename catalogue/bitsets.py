"""Sets of practices as Python integers, one bit per position in the catalogue's default order."""

# The bit offsets of each byte value, to list a bitset's positions without testing every bit.
_OFFSETS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]
BLOCK = 1024  # bytes counted at once when skipping to a page


def to_bitset(positions, size):
    data = bytearray((size + 7) // 8)
    for position in positions:
        data[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(data, "little")


def positions(bitset, start=0, count=None):
    """The positions of the set bits, ascending, from the `start`-th one; at most `count` of them."""
    data = bitset.to_bytes((bitset.bit_length() + 7) // 8, "little")
    found, seen = [], 0
    for offset in range(0, len(data), BLOCK):
        block = data[offset : offset + BLOCK]
        in_block = int.from_bytes(block, "little").bit_count()
        if seen + in_block <= start:
            seen += in_block  # the page lies further on: skip the block whole
            continue
        for index, byte in enumerate(block):
            if not byte:
                continue
            offsets = _OFFSETS[byte]
            if seen + len(offsets) <= start:
                seen += len(offsets)
                continue
            base = (offset + index) * 8
            for bit in offsets:
                if seen >= start:
                    found.append(base + bit)
                    if count is not None and len(found) == count:
                        return found
                seen += 1
    return found


def to_bytes(bitset):
    """A bitset as the shared cache can keep it: Redis is sent a plain integer as its digits, and one of
    100,000 bits has more digits than Python will write."""
    return bitset.to_bytes((bitset.bit_length() + 7) // 8, "little")
