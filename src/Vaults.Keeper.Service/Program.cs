using Vaults.Keeper.Hosting;

return await KeeperApp.RunAsync(args);
