using System.Drawing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;
using Deque.AxeCore.Commons;
using Newtonsoft.Json.Linq;

namespace InterviewBooking.Sample.Web.BrowserTests;

/// <summary>
/// One headless Chromium (its own cookies: one candidate) with bounded waits, screenshots, axe and the keyboard.
/// </summary>
internal sealed class Browser : IDisposable
{
    public static readonly Size Desktop = new(1280, 900);
    public static readonly Size Phone = new(375, 812);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private static readonly Lazy<string> AxeScript = new(() => new BundledAxeScriptProvider().GetScript());

    private readonly SiteHost _site;

    public Browser(SiteHost site)
    {
        _site = site;
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(BrowserEnvironment.DriverPath)!, Path.GetFileName(BrowserEnvironment.DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = BrowserEnvironment.ChromiumPath };
        // CI runs as root, where Chromium needs --no-sandbox; nothing reaches beyond 127.0.0.1.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--disable-component-update", "--lang=en-GB",
            $"--window-size={Desktop.Width},{Desktop.Height}");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        Driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
    }

    public ChromeDriver Driver { get; }

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public void Open(string pathAndQuery) => Driver.Navigate().GoToUrl(_site.Url(pathAndQuery));

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public IReadOnlyList<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    /// <summary>Waits (bounded) for an element to be shown and returns it.</summary>
    public IWebElement WaitFor(string css) =>
        Wait($"no '{css}' shown").Until(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed))!;

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds.</summary>
    public void WaitUntil(Func<bool> condition, string what) => Wait(what).Until(_ => condition());

    // A page that reloads itself (the zone script) or navigates leaves stale elements behind for a moment: look again until the limit.
    private WebDriverWait Wait(string what)
    {
        var wait = new WebDriverWait(Driver, WaitLimit) { Message = what };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        return wait;
    }

    public string Text(string css) => WaitFor(css).Text;

    public object? Script(string script, params object[] args) => Driver.ExecuteScript(script, args);

    /// <summary>Fetches a URL of the site with the browser's cookies (a download the test can read), bounded by the script timeout.</summary>
    public string Fetch(string href) => (string?)Driver.ExecuteAsyncScript(
        "var done = arguments[arguments.length - 1]; fetch(arguments[0], { credentials: 'same-origin' })" +
        ".then(r => r.text().then(t => done(r.status + '\\n' + r.headers.get('content-type') + '\\n' + t))).catch(e => done('error ' + e));",
        href) ?? throw new InvalidOperationException($"No answer fetching {href}.");

    public void Resize(Size size)
    {
        Driver.Manage().Window.Size = size;
        WaitUntil(() => Convert.ToInt64(Script("return window.innerWidth;"), null) <= size.Width, $"the window to be {size.Width} px wide");
    }

    /// <summary>Saves the page at desktop and phone widths under the test output (<c>screenshots/{name}-desktop.png</c>, <c>-phone.png</c>).</summary>
    public void Screenshots(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        foreach (var (size, suffix) in new[] { (Desktop, "desktop"), (Phone, "phone") })
        {
            Resize(size);
            var height = Convert.ToInt32(Script("return Math.min(document.documentElement.scrollHeight, 4000);"), null);
            Driver.Manage().Window.Size = new Size(size.Width, Math.Max(size.Height, height));
            Driver.GetScreenshot().SaveAsFile(Path.Combine(ScreenshotFolder, $"{name}-{suffix}.png"));
        }

        Resize(Desktop);
    }

    /// <summary>How far the page scrolls sideways at the current width (0 when it fits).</summary>
    public long HorizontalOverflow() =>
        Convert.ToInt64(Script("return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth;"), null);

    /// <summary>The serious and critical axe violations of the current page, one line each.</summary>
    public IReadOnlyList<string> SeriousAccessibilityViolations()
    {
        // axe-core as Deque's package bundles it, run in the page; its result read by the package's own types.
        Script(AxeScript.Value);
        var json = (string?)Driver.ExecuteAsyncScript(
            "var done = arguments[arguments.length - 1]; axe.run(document, { resultTypes: ['violations'] })" +
            ".then(r => done(JSON.stringify(r))).catch(e => done(JSON.stringify({ error: String(e) })));")
            ?? throw new InvalidOperationException($"axe gave no result on {Driver.Url}.");
        var parsed = JObject.Parse(json);
        if (parsed["error"] is { } error)
        {
            throw new InvalidOperationException($"axe failed on {Driver.Url}: {error}");
        }

        var result = new AxeResult(parsed);
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{Driver.Url}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")
            .ToArray();
    }

    /// <summary>The page's standards on a page the tour does not reach: no serious axe violation, no sideways scroll at 375 px.</summary>
    public void AssertPageStandards()
    {
        Assert.Empty(SeriousAccessibilityViolations());
        Resize(Phone);
        Assert.Equal(0, HorizontalOverflow());
        Resize(Desktop);
    }

    // Keyboard only: keys go to whatever has focus, as a person's would.
    public void Press(string keys) => new Actions(Driver).SendKeys(keys).Perform();

    /// <summary>Presses Tab (at most <paramref name="limit"/> times) until the focused element matches <paramref name="css"/>.</summary>
    public void TabTo(string css, int limit = 300)
    {
        for (var i = 0; i < limit; i++)
        {
            if (FocusedMatches(css))
            {
                return;
            }

            Press(Keys.Tab);
        }

        throw new InvalidOperationException($"Tab never reached '{css}' on {Driver.Url} within {limit} presses.");
    }

    public bool FocusedMatches(string css) => Script("return !!document.activeElement && document.activeElement.matches(arguments[0]);", css) is true;

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
