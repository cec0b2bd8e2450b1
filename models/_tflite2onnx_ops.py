# mypy: ignore-errors
"""Two op converters tflite2onnx 0.4.1 lacks, registered before converting the selfie-segmentation models.

Imported only inside the set-up subprocess of models/prepare.py, where the private tools install
(tflite2onnx, tflite) is on the path; the runtime environment never imports it. mypy is told to
skip it because those tools are untyped and absent from the runtime environment.
"""

from __future__ import annotations

import struct
from typing import ClassVar

import tflite
from tflite2onnx.layout import Layout
from tflite2onnx.op.common import Operator, OpFactory

CUSTOM_TRANSPOSE_CONV = "Convolution2DTransposeBias"
# TfLiteTransposeConvParams as MediaPipe's custom op reads it: padding, stride_width, stride_height.
_TRANSPOSE_CONV_PARAMS = struct.Struct("<iii")
_TFLITE_PADDING_SAME = 1
# HardSwish(x) = x * relu6(x + 3) / 6 = x * HardSigmoid(x; alpha=1/6, beta=1/2); opset 11 has no HardSwish.
_HARD_SIGMOID_ALPHA = 1.0 / 6.0
_HARD_SIGMOID_BETA = 0.5


class HardSigmoidPart(Operator):
    """The HardSigmoid half of a TFLite HARD_SWISH; the multiply follows as a post node."""

    TypeMapping: ClassVar[dict[int, str]] = {tflite.BuiltinOperator.HARD_SWISH: "HardSigmoid"}

    def __init__(self, TFactory, index):
        super().__init__(TFactory, index)
        self.attrs["alpha"] = _HARD_SIGMOID_ALPHA
        self.attrs["beta"] = _HARD_SIGMOID_BETA
        self.setInited()

    @property
    def type(self):
        return "HardSigmoid"

    def parse(self):
        op = self.tflite
        assert op.InputsLength() == 1 and op.OutputsLength() == 1
        source = self.parseInput(0)
        output = self.parseOutput(0)
        # [HardSigmoid] -> <gate> -> [Mul(x, gate)] -> <output>, as tflite2onnx inserts fused activations.
        gate = self.TFactory.getWithRef(output, f"TFLITE2ONNX_HARD_SWISH_GATE_{output.name}", True)
        gate.setParsed()
        self.replaceOutput(output, gate)
        gate.addProducer(self)
        multiply = MultiplyPart(self.TFactory, -1)
        multiply.name = f"TFLITE2ONNX_HARD_SWISH_MUL_{output.name}"
        for tensor in (source, gate):
            tensor.addConsumer(multiply)
            multiply.inputs.append(tensor)
        output.replaceProducer(self, multiply)
        multiply.outputs.append(output)
        multiply.setParsed()
        self.post.append(multiply)
        self.setParsed()

    def propagatableTensors(self):
        return self.inputs + self.outputs

    def transform(self):
        pass


class MultiplyPart(Operator):
    """The element-wise multiply that completes a HARD_SWISH."""

    TypeMapping: ClassVar[dict[int, str]] = {}

    def __init__(self, TFactory, index):
        super().__init__(TFactory, index)
        self.setInited()

    @property
    def type(self):
        return "Mul"

    def propagatableTensors(self):
        return self.inputs + self.outputs

    def transform(self):
        pass


class TransposeConvBias(Operator):
    """MediaPipe's custom Convolution2DTransposeBias as ONNX ConvTranspose with a bias."""

    TypeMapping: ClassVar[dict[int, str]] = {tflite.BuiltinOperator.CUSTOM: "ConvTranspose"}

    def __init__(self, TFactory, index):
        super().__init__(TFactory, index)
        self.attrs["dilations"] = [1, 1]
        self.attrs["group"] = 1
        self.attrs["kernel_shape"] = []
        self.attrs["strides"] = []
        self.attrs["output_shape"] = []
        self.setInited()

    @property
    def type(self):
        return "ConvTranspose"

    def parse(self):
        op = self.tflite
        code = self.model.OperatorCodes(op.OpcodeIndex()).CustomCode().decode()
        if code != CUSTOM_TRANSPOSE_CONV:
            raise NotImplementedError(f"Unsupported TFLite custom op: {code}")
        assert op.InputsLength() == 3 and op.OutputsLength() == 1
        padding, stride_w, stride_h = _TRANSPOSE_CONV_PARAMS.unpack(op.CustomOptionsAsNumpy().tobytes()[:12])
        self.parseInput(0, Layout("NHWC", "NCHW"))
        weight = self.parseInput(1, Layout("OHWI", "IOHW"))
        self.parseInput(2, is_bias=True)
        output = self.parseOutput(0, Layout("NHWC", "NCHW"))
        kernel = [int(side) for side in weight.shape[1:3]]
        # With SAME padding, kernel == stride makes the total padding zero, so no pads are needed.
        assert padding == _TFLITE_PADDING_SAME and kernel == [stride_h, stride_w], (padding, kernel)
        self.attrs["kernel_shape"] = kernel
        self.attrs["strides"] = [stride_h, stride_w]
        self.attrs["output_shape"] = [int(side) for side in output.shape[1:3]]
        self.setParsed()

    def propagatableTensors(self):
        return []

    def transform(self):
        pass


def register() -> None:
    """Add the two converters to tflite2onnx's op registry."""
    for converter in (HardSigmoidPart, TransposeConvBias):
        OpFactory.register(converter)
