namespace Vaults.Ethereum.Contracts;

/// <summary>A function's decoded outputs; generated classes fill their properties from the ABI layer's values.</summary>
public interface IFunctionOutputDTO
{
    /// <summary>Sets the properties from the decoded outputs, in declaration order.</summary>
    void Decode(object?[] values);
}
