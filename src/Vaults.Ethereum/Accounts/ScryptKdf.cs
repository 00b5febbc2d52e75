using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Vaults.Ethereum.Accounts;

/// <summary>
/// scrypt (RFC 7914). BouncyCastle's <c>SCrypt.Generate</c> is used whenever it accepts the parameters; this
/// implementation exists because BouncyCastle enforces RFC 7914's "N &lt; 2^(128·r/8)" bound, which rejects r = 1 with
/// N ≥ 65536, and the Web3 Secret Storage test vector (and keystores written by some tools) use exactly N = 262144, r = 1.
/// geth and ethers accept such files, so we must too.
/// </summary>
internal static class ScryptKdf
{
    public static byte[] Derive(byte[] password, byte[] salt, int n, int r, int p, int dkLen)
    {
        if (n < 2 || (n & (n - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(n), n, "scrypt N must be a power of two greater than 1.");
        if (r != 1 || n < 65536) return Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(password, salt, n, r, p, dkLen);
        return DeriveManaged(password, salt, n, r, p, dkLen);
    }

    internal static byte[] DeriveManaged(byte[] password, byte[] salt, int n, int r, int p, int dkLen)
    {
        int blockBytes = 128 * r;
        var b = Rfc2898DeriveBytes.Pbkdf2(password, salt, 1, HashAlgorithmName.SHA256, p * blockBytes);
        int words = blockBytes / 4;
        var x = new uint[words];
        var v = new uint[words * n];
        var scratch = new uint[words];
        for (int i = 0; i < p; i++)
        {
            var chunk = b.AsSpan(i * blockBytes, blockBytes);
            for (int w = 0; w < words; w++) x[w] = BinaryPrimitives.ReadUInt32LittleEndian(chunk[(w * 4)..]);
            RoMix(x, v, scratch, n, r);
            for (int w = 0; w < words; w++) BinaryPrimitives.WriteUInt32LittleEndian(chunk[(w * 4)..], x[w]);
        }
        var result = Rfc2898DeriveBytes.Pbkdf2(password, b, 1, HashAlgorithmName.SHA256, dkLen);
        CryptographicOperations.ZeroMemory(b);
        Array.Clear(v);
        return result;
    }

    private static void RoMix(uint[] x, uint[] v, uint[] scratch, int n, int r)
    {
        int words = x.Length;
        for (int i = 0; i < n; i++)
        {
            x.CopyTo(v, i * words);
            BlockMix(x, scratch, r);
        }
        for (int i = 0; i < n; i++)
        {
            int j = (int)(x[words - 16] & (uint)(n - 1));
            for (int w = 0; w < words; w++) x[w] ^= v[j * words + w];
            BlockMix(x, scratch, r);
        }
    }

    private static void BlockMix(uint[] b, uint[] y, int r)
    {
        Span<uint> t = stackalloc uint[16];
        b.AsSpan((2 * r - 1) * 16, 16).CopyTo(t);
        for (int i = 0; i < 2 * r; i++)
        {
            for (int w = 0; w < 16; w++) t[w] ^= b[i * 16 + w];
            Salsa208(t);
            // Even blocks go to the first half, odd blocks to the second half.
            t.CopyTo(y.AsSpan(((i & 1) * r + (i >> 1)) * 16, 16));
        }
        y.CopyTo(b, 0);
    }

    private static void Salsa208(Span<uint> b)
    {
        uint x0 = b[0], x1 = b[1], x2 = b[2], x3 = b[3], x4 = b[4], x5 = b[5], x6 = b[6], x7 = b[7];
        uint x8 = b[8], x9 = b[9], x10 = b[10], x11 = b[11], x12 = b[12], x13 = b[13], x14 = b[14], x15 = b[15];
        for (int i = 0; i < 8; i += 2)
        {
            x4 ^= BitOperations.RotateLeft(x0 + x12, 7); x8 ^= BitOperations.RotateLeft(x4 + x0, 9);
            x12 ^= BitOperations.RotateLeft(x8 + x4, 13); x0 ^= BitOperations.RotateLeft(x12 + x8, 18);
            x9 ^= BitOperations.RotateLeft(x5 + x1, 7); x13 ^= BitOperations.RotateLeft(x9 + x5, 9);
            x1 ^= BitOperations.RotateLeft(x13 + x9, 13); x5 ^= BitOperations.RotateLeft(x1 + x13, 18);
            x14 ^= BitOperations.RotateLeft(x10 + x6, 7); x2 ^= BitOperations.RotateLeft(x14 + x10, 9);
            x6 ^= BitOperations.RotateLeft(x2 + x14, 13); x10 ^= BitOperations.RotateLeft(x6 + x2, 18);
            x3 ^= BitOperations.RotateLeft(x15 + x11, 7); x7 ^= BitOperations.RotateLeft(x3 + x15, 9);
            x11 ^= BitOperations.RotateLeft(x7 + x3, 13); x15 ^= BitOperations.RotateLeft(x11 + x7, 18);
            x1 ^= BitOperations.RotateLeft(x0 + x3, 7); x2 ^= BitOperations.RotateLeft(x1 + x0, 9);
            x3 ^= BitOperations.RotateLeft(x2 + x1, 13); x0 ^= BitOperations.RotateLeft(x3 + x2, 18);
            x6 ^= BitOperations.RotateLeft(x5 + x4, 7); x7 ^= BitOperations.RotateLeft(x6 + x5, 9);
            x4 ^= BitOperations.RotateLeft(x7 + x6, 13); x5 ^= BitOperations.RotateLeft(x4 + x7, 18);
            x11 ^= BitOperations.RotateLeft(x10 + x9, 7); x8 ^= BitOperations.RotateLeft(x11 + x10, 9);
            x9 ^= BitOperations.RotateLeft(x8 + x11, 13); x10 ^= BitOperations.RotateLeft(x9 + x8, 18);
            x12 ^= BitOperations.RotateLeft(x15 + x14, 7); x13 ^= BitOperations.RotateLeft(x12 + x15, 9);
            x14 ^= BitOperations.RotateLeft(x13 + x12, 13); x15 ^= BitOperations.RotateLeft(x14 + x13, 18);
        }
        b[0] += x0; b[1] += x1; b[2] += x2; b[3] += x3; b[4] += x4; b[5] += x5; b[6] += x6; b[7] += x7;
        b[8] += x8; b[9] += x9; b[10] += x10; b[11] += x11; b[12] += x12; b[13] += x13; b[14] += x14; b[15] += x15;
    }
}
