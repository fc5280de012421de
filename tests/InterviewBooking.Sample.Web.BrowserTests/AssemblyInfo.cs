// One browser at a time: the machine is small, and each test starts its own site and browsers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
