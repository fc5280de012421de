using System.Diagnostics;
using System.Text.RegularExpressions;

namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>
/// Debian's Chromium and its driver, named by path so Selenium Manager never tries a download. Missing, a test is skipped with the
/// reason outside CI and fails under CI (<c>CI=true</c>): .ci/run installs both.
/// </summary>
internal static partial class BrowserEnvironment
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (or under CI fails) when the browser or its driver is missing.</summary>
    public static void Require() => Require(ChromiumPath, DriverPath, IsCi);

    /// <summary>As <see cref="Require()"/> for the given paths and CI flag.</summary>
    public static void Require(string chromium, string driver, bool ci)
    {
        if (File.Exists(chromium) && File.Exists(driver))
        {
            return;
        }

        var reason = $"Chromium is missing ({chromium} and {driver}): install it with `apt-get install -y chromium chromium-driver` (or bash eng/install-chromium.sh).";
        if (ci)
        {
            throw new InvalidOperationException("CI=true but " + reason + " .ci/run must install it before the tests.");
        }

        Skip.If(true, reason);
    }

    /// <summary>The version a binary prints for <c>--version</c> (<c>156.0.8078.114</c>).</summary>
    public static string VersionOf(string path)
    {
        using var process = Process.Start(new ProcessStartInfo(path, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException($"{path} --version did not answer within 30 s.");
        }

        return Version().Match(output) is { Success: true } match ? match.Value : throw new InvalidOperationException($"No version in '{output}' from {path}.");
    }

    [GeneratedRegex(@"\d+\.\d+\.\d+\.\d+")]
    private static partial Regex Version();
}
