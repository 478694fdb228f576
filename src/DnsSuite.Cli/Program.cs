Console.Error.WriteLine("usage: dnssuite <command>");
return 2;
