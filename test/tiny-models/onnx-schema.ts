import protobuf from "protobufjs";

/**
 * The part of the ONNX protobuf schema a small inference graph needs: a model with one graph
 * of plain operator nodes, tensor initializers and typed inputs/outputs. Field numbers are the
 * ones of the ONNX standard (onnx/onnx.proto, IR version 8); messages and fields we never
 * write are left out, which protobuf allows because readers skip nothing they are not sent.
 */
const ONNX_SUBSET_PROTO = `
syntax = "proto3";
package onnx_subset;

message AttributeProto {
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  int32 type = 20;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string domain = 7;
}

message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  repeated float float_data = 4;
  repeated int64 int64_data = 7;
  string name = 8;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    int32 elem_type = 1;
    TensorShapeProto shape = 2;
  }
  Tensor tensor_type = 1;
}

message ValueInfoProto {
  string name = 1;
  TypeProto type = 2;
}

message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}

message OperatorSetIdProto {
  string domain = 1;
  int64 version = 2;
}

message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}
`;

/** ONNX TensorProto.DataType values used here. */
export const OnnxType = { FLOAT: 1, INT64: 7 } as const;
/** ONNX AttributeProto.AttributeType values used here. */
export const OnnxAttributeType = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export interface OnnxTensor {
  name: string;
  dims: number[];
  data_type: number;
  float_data?: number[];
  int64_data?: number[];
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  ints?: number[];
}

export interface OnnxNode {
  op_type: string;
  input: string[];
  output: string[];
  name?: string;
  attribute?: OnnxAttribute[];
}

/** A graph input or output: element type and shape, where a string is a symbolic dimension. */
export interface OnnxValueInfo {
  name: string;
  elemType: number;
  shape: Array<number | string>;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

let modelType: protobuf.Type | undefined;

function modelProtoType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_SUBSET_PROTO, { keepCase: true }).root.lookupType("onnx_subset.ModelProto");
  return modelType;
}

function valueInfo(v: OnnxValueInfo): object {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: v.elemType,
        shape: { dim: v.shape.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

/** Serialise a graph as an ONNX model file (bytes) for the default operator set `opset`. */
export function encodeOnnxModel(graph: OnnxGraph, opset = 13): Uint8Array {
  const type = modelProtoType();
  const message = type.fromObject({
    ir_version: 8,
    producer_name: "sft-sieve tiny-models",
    producer_version: "1",
    opset_import: [{ domain: "", version: opset }],
    graph: {
      name: graph.name,
      node: graph.nodes.map((n, k) => ({ ...n, name: n.name ?? `${n.op_type}_${k}` })),
      initializer: graph.initializers,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  });
  return type.encode(message).finish();
}
