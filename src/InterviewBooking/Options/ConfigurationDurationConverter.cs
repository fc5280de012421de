using System.ComponentModel;
using System.Globalization;
using NodaTime.Text;

namespace InterviewBooking;

/// <summary>
/// Reads a <see cref="Duration"/> from configuration text in the .NET <see cref="TimeSpan"/> form (<c>00:35:00</c>, <c>1.00:00:00</c>), which
/// is what appsettings.json authors write, or in NodaTime's round-trip form (<c>0:00:35:00</c>). Writes NodaTime's form.
/// </summary>
internal sealed class ConfigurationDurationConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is not string text)
        {
            return base.ConvertFrom(context, culture, value);
        }

        text = text.Trim();
        if (TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var span))
        {
            return Duration.FromTimeSpan(span);
        }

        var parsed = DurationPattern.Roundtrip.Parse(text);
        return parsed.Success
            ? parsed.Value
            : throw new FormatException($"\"{text}\" is not a duration; write it as 00:35:00 (hh:mm:ss, or d.hh:mm:ss) or NodaTime's 0:00:35:00.");
    }

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is Duration duration
            ? DurationPattern.Roundtrip.Format(duration)
            : base.ConvertTo(context, culture, value, destinationType);
}
