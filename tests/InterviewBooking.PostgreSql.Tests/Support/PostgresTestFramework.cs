using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("InterviewBooking.PostgreSql.Tests.PostgresTestFramework", "InterviewBooking.PostgreSql.Tests")]

namespace InterviewBooking.PostgreSql.Tests;

/// <summary>
/// xUnit's own framework, except that without a server (and outside CI) every test of this assembly is reported as skipped with
/// <see cref="PostgresServer.SkipReason"/>. It works for the contract suites' inherited <c>[Fact]</c>s too, which no attribute here could change.
/// </summary>
public sealed class PostgresTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(
            ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (PostgresServer.SkipReason is null)
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            if (!testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                return true;
            }

            var testCase = new SkippedWithoutServerTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
            return ReportDiscoveredTestCase(testCase, includeSourceInformation, messageBus);
        }
    }
}

/// <summary>A test case whose skip reason is <see cref="PostgresServer.SkipReason"/>, read again wherever the case is deserialized.</summary>
public sealed class SkippedWithoutServerTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedWithoutServerTestCase()
    {
    }

    public SkippedWithoutServerTestCase(
        IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => PostgresServer.SkipReason ?? base.GetSkipReason(factAttribute);
}
