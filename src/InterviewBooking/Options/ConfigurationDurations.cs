using System.ComponentModel;

namespace InterviewBooking;

/// <summary>
/// Makes the configuration binder read <see cref="Duration"/> through <see cref="ConfigurationDurationConverter"/>. The binder asks
/// <see cref="TypeDescriptor"/> for a type's converter, so this is process-wide; it only widens what is accepted (NodaTime's form still is).
/// </summary>
internal static class ConfigurationDurations
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            TypeDescriptor.AddAttributes(typeof(Duration), new TypeConverterAttribute(typeof(ConfigurationDurationConverter)));
        }
    }
}
