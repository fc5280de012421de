using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace InterviewBooking;

/// <summary>
/// The signed claim behind a preview token: this server previewed <see cref="InterviewerId"/> for <see cref="CandidateId"/>'s
/// <see cref="Slot"/> on <see cref="PlanId"/>, valid until <see cref="ExpiresAt"/>. The text form is
/// <c>v1.{payload}.{HMAC-SHA256(key, payload)}</c>, both parts base64url; it reveals the ids but only the key's holder can make one.
/// </summary>
internal sealed record PreviewToken(CandidateId CandidateId, InterviewerId InterviewerId, Interval Slot, string PlanId, Instant ExpiresAt)
{
    /// <summary>Longer texts are refused unread.</summary>
    public const int MaxLength = 2048;

    private const string Prefix = "v1.";

    /// <summary>The signed text of this token.</summary>
    public string Sign(byte[] key)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(CandidateId.Value ?? string.Empty);
            writer.Write(InterviewerId.Value ?? string.Empty);
            writer.Write(Slot.Start.ToUnixTimeTicks());
            writer.Write(Slot.End.ToUnixTimeTicks());
            writer.Write(PlanId);
            writer.Write(ExpiresAt.ToUnixTimeTicks());
        }

        var payload = buffer.ToArray();
        return Prefix + Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, payload));
    }

    /// <summary>The token <paramref name="text"/> carries when <paramref name="key"/> signed it; <see langword="null"/> for anything else.</summary>
    public static PreviewToken? Verify(string? text, byte[] key)
    {
        if (text is null || text.Length > MaxLength || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var dot = text.IndexOf('.', Prefix.Length);
        if (dot < 0)
        {
            return null;
        }

        byte[] payload, signature;
        try
        {
            payload = Base64Url.DecodeFromChars(text.AsSpan(Prefix.Length, dot - Prefix.Length));
            signature = Base64Url.DecodeFromChars(text.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(key, payload)))
        {
            return null;
        }

        // Signed by this key, so written by Sign: read it back the same way.
        using var reader = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        var candidate = new CandidateId(reader.ReadString());
        var interviewer = new InterviewerId(reader.ReadString());
        var slot = new Interval(Instant.FromUnixTimeTicks(reader.ReadInt64()), Instant.FromUnixTimeTicks(reader.ReadInt64()));
        var plan = reader.ReadString();
        return new PreviewToken(candidate, interviewer, slot, plan, Instant.FromUnixTimeTicks(reader.ReadInt64()));
    }
}
