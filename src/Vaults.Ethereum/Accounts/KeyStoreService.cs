using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vaults.Ethereum.Signer;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Accounts;

/// <summary>
/// Web3 Secret Storage v3 keystores (the JSON files geth, Hardhat, MetaMask and Nethereum write).
/// <para>
/// Decryption supports <c>scrypt</c> and <c>pbkdf2</c> (hmac-sha256) with <c>aes-128-ctr</c>. The MAC is
/// keccak256(derivedKey[16..32] ‖ ciphertext) and is checked, in constant time, before anything is decrypted, so a wrong
/// password is reported as such instead of yielding a garbage key.
/// </para>
/// Encryption uses scrypt with fresh random salt and IV. <see cref="ScryptN"/> defaults to geth's "standard" 262144;
/// tests lower it because the standard cost is deliberately slow.
/// </summary>
public sealed class KeyStoreService
{
    /// <summary>geth's standard scrypt N (2^18).</summary>
    public const int StandardScryptN = 1 << 18;

    /// <summary>Creates a service; <paramref name="scryptN"/> must be a power of two greater than 1.</summary>
    public KeyStoreService(int scryptN = StandardScryptN, int scryptR = 8, int scryptP = 1)
    {
        if (scryptN < 2 || (scryptN & (scryptN - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(scryptN), scryptN, "scrypt N must be a power of two greater than 1.");
        if (scryptR < 1) throw new ArgumentOutOfRangeException(nameof(scryptR), scryptR, "scrypt r must be positive.");
        if (scryptP < 1) throw new ArgumentOutOfRangeException(nameof(scryptP), scryptP, "scrypt p must be positive.");
        ScryptN = scryptN;
        ScryptR = scryptR;
        ScryptP = scryptP;
    }

    /// <summary>scrypt cost parameter N used when encrypting.</summary>
    public int ScryptN { get; }

    /// <summary>scrypt block size r used when encrypting.</summary>
    public int ScryptR { get; }

    /// <summary>scrypt parallelism p used when encrypting.</summary>
    public int ScryptP { get; }

    /// <summary>Decrypts a v3 keystore and returns the 32-byte private key.</summary>
    /// <exception cref="KeyStoreException">Wrong password (MAC mismatch), unsupported kdf/cipher, or malformed JSON.</exception>
    public byte[] DecryptKeyStoreFromJson(string password, string json)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(json);
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e) { throw new KeyStoreException("Keystore is not valid JSON.", e); }

        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 3)
            throw new KeyStoreException("Unsupported keystore: only Web3 Secret Storage version 3 is supported.");
        // geth writes "crypto"; some older tools wrote "Crypto".
        if (!root.TryGetProperty("crypto", out var crypto) && !root.TryGetProperty("Crypto", out crypto))
            throw new KeyStoreException("Malformed keystore: missing 'crypto' section.");

        var cipher = GetString(crypto, "cipher");
        if (cipher != "aes-128-ctr") throw new KeyStoreException($"Unsupported keystore cipher '{cipher}': only aes-128-ctr is supported.");
        var kdf = GetString(crypto, "kdf");
        var kdfParams = Get(crypto, "kdfparams");
        var ciphertext = GetHex(crypto, "ciphertext");
        var iv = GetHex(Get(crypto, "cipherparams"), "iv");
        var mac = GetHex(crypto, "mac");
        if (iv.Length != 16) throw new KeyStoreException($"Malformed keystore: the AES-CTR iv must be 16 bytes, got {iv.Length}.");

        var derivedKey = kdf switch
        {
            "scrypt" => Scrypt(password, GetHex(kdfParams, "salt"), GetInt(kdfParams, "n"), GetInt(kdfParams, "r"), GetInt(kdfParams, "p"), GetInt(kdfParams, "dklen")),
            "pbkdf2" => Pbkdf2(password, kdfParams),
            _ => throw new KeyStoreException($"Unsupported keystore kdf '{kdf}': only scrypt and pbkdf2 are supported."),
        };
        try
        {
            if (derivedKey.Length < 32) throw new KeyStoreException($"Malformed keystore: dklen must be at least 32, got {derivedKey.Length}.");
            var expectedMac = Mac(derivedKey, ciphertext);
            if (!CryptographicOperations.FixedTimeEquals(expectedMac, mac))
                throw new KeyStoreException("wrong password or corrupted keystore: MAC mismatch");
            return AesCtr(derivedKey.AsSpan(0, 16), iv, ciphertext);
        }
        finally { CryptographicOperations.ZeroMemory(derivedKey); }
    }

    /// <summary>Encrypts a private key into a v3 keystore JSON string (scrypt, aes-128-ctr, random salt and IV).</summary>
    public string EncryptAndGenerateKeyStoreAsJson(string password, ReadOnlySpan<byte> privateKey, Address address)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (privateKey.Length != 32) throw new ArgumentException($"A private key must be 32 bytes, got {privateKey.Length}.", nameof(privateKey));
        var salt = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var derivedKey = Scrypt(password, salt, ScryptN, ScryptR, ScryptP, 32);
        try
        {
            var ciphertext = AesCtr(derivedKey.AsSpan(0, 16), iv, privateKey);
            var mac = Mac(derivedKey, ciphertext);
            var json = new JsonObject
            {
                ["address"] = address.ToLowerHex()[2..],
                ["crypto"] = new JsonObject
                {
                    ["cipher"] = "aes-128-ctr",
                    ["ciphertext"] = Convert.ToHexStringLower(ciphertext),
                    ["cipherparams"] = new JsonObject { ["iv"] = Convert.ToHexStringLower(iv) },
                    ["kdf"] = "scrypt",
                    ["kdfparams"] = new JsonObject
                    {
                        ["dklen"] = 32,
                        ["n"] = ScryptN,
                        ["p"] = ScryptP,
                        ["r"] = ScryptR,
                        ["salt"] = Convert.ToHexStringLower(salt),
                    },
                    ["mac"] = Convert.ToHexStringLower(mac),
                },
                ["id"] = Guid.NewGuid().ToString(),
                ["version"] = 3,
            };
            return json.ToJsonString();
        }
        finally { CryptographicOperations.ZeroMemory(derivedKey); }
    }

    /// <summary>Encrypts the key of an <see cref="EthECKey"/>.</summary>
    public string EncryptAndGenerateKeyStoreAsJson(string password, EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = key.GetPrivateKeyAsBytes();
        try { return EncryptAndGenerateKeyStoreAsJson(password, bytes, key.GetPublicAddress()); }
        finally { CryptographicOperations.ZeroMemory(bytes); }
    }

    internal static byte[] Mac(ReadOnlySpan<byte> derivedKey, ReadOnlySpan<byte> ciphertext)
    {
        var body = new byte[16 + ciphertext.Length];
        derivedKey.Slice(16, 16).CopyTo(body);
        ciphertext.CopyTo(body.AsSpan(16));
        return Keccak.Hash(body);
    }

    private static byte[] Scrypt(string password, byte[] salt, int n, int r, int p, int dkLen)
    {
        if (n < 2 || (n & (n - 1)) != 0) throw new KeyStoreException($"Malformed keystore: scrypt n must be a power of two, got {n}.");
        return ScryptKdf.Derive(Encoding.UTF8.GetBytes(password), salt, n, r, p, dkLen);
    }

    private static byte[] Pbkdf2(string password, JsonElement kdfParams)
    {
        var prf = GetString(kdfParams, "prf");
        if (prf != "hmac-sha256") throw new KeyStoreException($"Unsupported keystore pbkdf2 prf '{prf}': only hmac-sha256 is supported.");
        // The platform PBKDF2 is the same algorithm as BouncyCastle's Pkcs5S2ParametersGenerator, several times faster.
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), GetHex(kdfParams, "salt"), GetInt(kdfParams, "c"),
            HashAlgorithmName.SHA256, GetInt(kdfParams, "dklen"));
    }

    // AES-128-CTR: encrypt the big-endian counter block with AES-ECB and XOR (.NET has no CTR mode of its own).
    private static byte[] AesCtr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input)
    {
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        var counter = iv.ToArray();
        var keystream = new byte[16];
        var output = new byte[input.Length];
        for (int offset = 0; offset < input.Length; offset += 16)
        {
            aes.EncryptEcb(counter, keystream, PaddingMode.None);
            int n = Math.Min(16, input.Length - offset);
            for (int i = 0; i < n; i++) output[offset + i] = (byte)(input[offset + i] ^ keystream[i]);
            for (int i = 15; i >= 0 && ++counter[i] == 0; i--) { }
        }
        CryptographicOperations.ZeroMemory(keystream);
        return output;
    }

    private static JsonElement Get(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) ? value : throw new KeyStoreException($"Malformed keystore: missing '{name}'.");

    private static string GetString(JsonElement parent, string name)
    {
        var value = Get(parent, name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new KeyStoreException($"Malformed keystore: '{name}' must be a string.");
    }

    private static int GetInt(JsonElement parent, string name)
    {
        var value = Get(parent, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0
            ? n
            : throw new KeyStoreException($"Malformed keystore: '{name}' must be a positive integer.");
    }

    private static byte[] GetHex(JsonElement parent, string name)
    {
        var text = GetString(parent, name);
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) text = text[2..];
        try { return Convert.FromHexString(text); }
        catch (FormatException) { throw new KeyStoreException($"Malformed keystore: '{name}' is not valid hex."); }
    }
}
