import './sourcemap-register.cjs';import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 117:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


function __export(m) {
    for (var p in m) if (!exports.hasOwnProperty(p)) exports[p] = m[p];
}
Object.defineProperty(exports, "__esModule", ({ value: true }));
__export(__nccwpck_require__(972));
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 972:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", ({ value: true }));
const fs_1 = __nccwpck_require__(896);
const debug_1 = __importDefault(__nccwpck_require__(830));
const log = debug_1.default('@kwsites/file-exists');
function check(path, isFile, isDirectory) {
    log(`checking %s`, path);
    try {
        const stat = fs_1.statSync(path);
        if (stat.isFile() && isFile) {
            log(`[OK] path represents a file`);
            return true;
        }
        if (stat.isDirectory() && isDirectory) {
            log(`[OK] path represents a directory`);
            return true;
        }
        log(`[FAIL] path represents something other than a file or directory`);
        return false;
    }
    catch (e) {
        if (e.code === 'ENOENT') {
            log(`[FAIL] path is not accessible: %o`, e);
            return false;
        }
        log(`[FATAL] %o`, e);
        throw e;
    }
}
/**
 * Synchronous validation of a path existing either as a file or as a directory.
 *
 * @param {string} path The path to check
 * @param {number} type One or both of the exported numeric constants
 */
function exists(path, type = exports.READABLE) {
    return check(path, (type & exports.FILE) > 0, (type & exports.FOLDER) > 0);
}
exports.exists = exists;
/**
 * Constant representing a file
 */
exports.FILE = 1;
/**
 * Constant representing a folder
 */
exports.FOLDER = 2;
/**
 * Constant representing either a file or a folder
 */
exports.READABLE = exports.FILE + exports.FOLDER;
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 997:
/***/ ((__unused_webpack_module, exports) => {

var __webpack_unused_export__;

__webpack_unused_export__ = ({ value: true });
exports.ud = exports.yX = void 0;
/**
 * Creates a new `DeferredPromise`
 *
 * ```typescript
 import {deferred} from '@kwsites/promise-deferred`;
 ```
 */
function deferred() {
    let done;
    let fail;
    let status = 'pending';
    const promise = new Promise((_done, _fail) => {
        done = _done;
        fail = _fail;
    });
    return {
        promise,
        done(result) {
            if (status === 'pending') {
                status = 'resolved';
                done(result);
            }
        },
        fail(error) {
            if (status === 'pending') {
                status = 'rejected';
                fail(error);
            }
        },
        get fulfilled() {
            return status !== 'pending';
        },
        get status() {
            return status;
        },
    };
}
exports.yX = deferred;
/**
 * Alias of the exported `deferred` function, to help consumers wanting to use `deferred` as the
 * local variable name rather than the factory import name, without needing to rename on import.
 *
 * ```typescript
 import {createDeferred} from '@kwsites/promise-deferred`;
 ```
 */
exports.ud = deferred;
/**
 * Default export allows use as:
 *
 * ```typescript
 import deferred from '@kwsites/promise-deferred`;
 ```
 */
__webpack_unused_export__ = deferred;
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 21:
/***/ ((module) => {



module.exports = ({onlyFirst = false} = {}) => {
	const pattern = [
		'[\\u001B\\u009B][[\\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]+)*|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]*)*)?\\u0007)',
		'(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-ntqry=><~]))'
	].join('|');

	return new RegExp(pattern, onlyFirst ? undefined : 'g');
};


/***/ }),

/***/ 502:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const _SingleBar = __nccwpck_require__(176);
const _MultiBar = __nccwpck_require__(307);
const _Presets = __nccwpck_require__(921);
const _Formatter = __nccwpck_require__(740);
const _defaultFormatValue = __nccwpck_require__(23);
const _defaultFormatBar = __nccwpck_require__(563);
const _defaultFormatTime = __nccwpck_require__(61);

// sub-module access
module.exports = {
    Bar: _SingleBar,
    SingleBar: _SingleBar,
    MultiBar: _MultiBar,
    Presets: _Presets,
    Format: {
        Formatter: _Formatter,
        BarFormat: _defaultFormatBar,
        ValueFormat: _defaultFormatValue,
        TimeFormat: _defaultFormatTime
    }
};

/***/ }),

/***/ 250:
/***/ ((module) => {


// ETA calculation
class ETA{

    constructor(length, initTime, initValue){
        // size of eta buffer
        this.etaBufferLength = length || 100;

        // eta buffer with initial values
        this.valueBuffer = [initValue];
        this.timeBuffer = [initTime];

        // eta time value
        this.eta = '0';
    }

    // add new values to calculation buffer
    update(time, value, total){
        this.valueBuffer.push(value);
        this.timeBuffer.push(time);

        // trigger recalculation
        this.calculate(total-value);
    }

    // fetch estimated time
    getTime(){
        return this.eta;
    }

    // eta calculation - request number of remaining events
    calculate(remaining){
        // get number of samples in eta buffer
        const currentBufferSize = this.valueBuffer.length;
        const buffer = Math.min(this.etaBufferLength, currentBufferSize);

        const v_diff = this.valueBuffer[currentBufferSize - 1] - this.valueBuffer[currentBufferSize - buffer];
        const t_diff = this.timeBuffer[currentBufferSize - 1] - this.timeBuffer[currentBufferSize - buffer];

        // get progress per ms
        const vt_rate = v_diff/t_diff;

        // strip past elements
        this.valueBuffer = this.valueBuffer.slice(-this.etaBufferLength);
        this.timeBuffer  = this.timeBuffer.slice(-this.etaBufferLength);

        // eq: vt_rate *x = total
        const eta = Math.ceil(remaining/vt_rate/1000);

        // check values
        if (isNaN(eta)){
            this.eta = 'NULL';

        // +/- Infinity --- NaN already handled
        }else if (!isFinite(eta)){
            this.eta = 'INF';

        // > 10M s ? - set upper display limit ~115days (1e7/60/60/24)
        }else if (eta > 1e7){
            this.eta = 'INF';

        // negative ?
        }else if (eta < 0){
            this.eta = 0;

        }else{
            // assign
            this.eta = eta;
        }
    }
}

module.exports = ETA;

/***/ }),

/***/ 563:
/***/ ((module) => {

// format bar
module.exports = function formatBar(progress, options){
    // calculate barsize
    const completeSize = Math.round(progress*options.barsize);
    const incompleteSize = options.barsize-completeSize;

   // generate bar string by stripping the pre-rendered strings
   return   options.barCompleteString.substr(0, completeSize) +
            options.barGlue +
            options.barIncompleteString.substr(0, incompleteSize);
}

/***/ }),

/***/ 61:
/***/ ((module) => {

// default time format

// format a number of seconds into hours and minutes as appropriate
module.exports = function formatTime(t, options, roundToMultipleOf){
    function round(input) {
        if (roundToMultipleOf) {
            return roundToMultipleOf * Math.round(input / roundToMultipleOf);
        } else {
            return input
        }
    }

    // leading zero padding
    function autopadding(v){
        return (options.autopaddingChar + v).slice(-2);
    }

    // > 1h ?
    if (t > 3600) {
        return autopadding(Math.floor(t / 3600)) + 'h' + autopadding(round((t % 3600) / 60)) + 'm';

    // > 60s ?
    } else if (t > 60) {
        return autopadding(Math.floor(t / 60)) + 'm' + autopadding(round((t % 60))) + 's';

    // > 10s ?
    } else if (t > 10) {
        return autopadding(round(t)) + 's';

    // default: don't apply round to multiple
    }else{
        return autopadding(t) + 's';
    }
}

/***/ }),

/***/ 23:
/***/ ((module) => {

// default value format (apply autopadding)

// format valueset
module.exports = function formatValue(v, options, type){
    // no autopadding ? passthrough
    if (options.autopadding !== true){
        return v;
    }

    // padding
    function autopadding(value, length){
        return (options.autopaddingChar + value).slice(-length);
    }

    switch (type){
        case 'percentage':
            return autopadding(v, 3);

        default:
            return v;
    }
}

/***/ }),

/***/ 740:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const _stringWidth = __nccwpck_require__(60);
const _defaultFormatValue = __nccwpck_require__(23);
const _defaultFormatBar = __nccwpck_require__(563);
const _defaultFormatTime = __nccwpck_require__(61);

// generic formatter
module.exports = function defaultFormatter(options, params, payload){

    // copy format string
    let s = options.format;

    // custom time format set ?
    const formatTime = options.formatTime || _defaultFormatTime;
    
    // custom value format set ?
    const formatValue = options.formatValue || _defaultFormatValue;

    // custom bar format set ?
    const formatBar = options.formatBar || _defaultFormatBar;

    // calculate progress in percent
    const percentage =  Math.floor(params.progress*100) + '';

    // bar stopped and stopTime set ?
    const stopTime = params.stopTime || Date.now();

    // calculate elapsed time
    const elapsedTime = Math.round((stopTime - params.startTime)/1000);

    // merges data from payload and calculated
    const context = Object.assign({}, payload, {
        bar:                    formatBar(params.progress, options),

        percentage:             formatValue(percentage, options, 'percentage'),
        total:                  formatValue(params.total, options, 'total'),
        value:                  formatValue(params.value, options, 'value'),

        eta:                    formatValue(params.eta, options, 'eta'),
        eta_formatted:          formatTime(params.eta, options, 5),
        
        duration:               formatValue(elapsedTime, options, 'duration'),
        duration_formatted:     formatTime(elapsedTime, options, 1)
    });

    // assign placeholder tokens
    s = s.replace(/\{(\w+)\}/g, function(match, key){
        // key exists within payload/context
        if (typeof context[key] !== 'undefined') {
            return context[key];
        }

        // no changes to unknown values
        return match;
    });

    // calculate available whitespace (2 characters margin of error)
    const fullMargin = Math.max(0, params.maxWidth - _stringWidth(s) -2);
    const halfMargin = Math.floor(fullMargin / 2);

    // distribute available whitespace according to position
    switch (options.align) {

        // fill start-of-line with whitespaces
        case 'right':
            s = (fullMargin > 0) ? ' '.repeat(fullMargin) + s : s;
            break;

        // distribute whitespaces to left+right
        case 'center':
            s = (halfMargin > 0) ? ' '.repeat(halfMargin) + s : s;
            break;

        // default: left align, no additional whitespaces
        case 'left':
        default:
            break;
    }

    return s;
}


/***/ }),

/***/ 123:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const _ETA = __nccwpck_require__(250);
const _Terminal = __nccwpck_require__(748);
const _formatter = __nccwpck_require__(740);
const _options = __nccwpck_require__(596);
const _EventEmitter = __nccwpck_require__(434);

// Progress-Bar constructor
module.exports = class GenericBar extends _EventEmitter{

    constructor(options){
        super();

        // store options and assign derived ones (instance specific)
        this.options = _options.assignDerivedOptions(options);

        // store terminal instance
        this.terminal = (this.options.terminal) ? this.options.terminal : new _Terminal(this.options.stream);

        // the current bar value
        this.value = 0;

        // bar start value (used for progress calculation)
        this.startValue = 0;

        // the end value of the bar
        this.total = 100;

        // last drawn string - only render on change!
        this.lastDrawnString = null;

        // start time (used for eta calculation)
        this.startTime = null;

        // stop time (used for duration calculation)
        this.stopTime = null;

        // last update time
        this.lastRedraw = Date.now();

        // default eta calculator (will be re-create on start)
        this.eta = new _ETA(this.options.etaBufferLength, 0, 0);

        // payload data
        this.payload = {};

        // progress bar active ?
        this.isActive = false;

        // use default formatter or custom one ?
        this.formatter = (typeof this.options.format === 'function') ? this.options.format : _formatter;
    }

    // internal render function
    render(forceRendering=false){

        // formatter params
        const params = {
            progress: this.getProgress(),
            eta: this.eta.getTime(),
            startTime: this.startTime,
            stopTime: this.stopTime,
            total: this.total,
            value: this.value,
            maxWidth: this.terminal.getWidth()
        };

        // automatic eta update ? (long running processes)
        if (this.options.etaAsynchronousUpdate){
            this.updateETA();
        }

        // format string
        const s = this.formatter(this.options, params, this.payload);

        const forceRedraw = forceRendering || this.options.forceRedraw
            // force redraw in notty-mode!
            || (this.options.noTTYOutput && !this.terminal.isTTY());

        // string changed ? only trigger redraw on change!
        if (forceRedraw || this.lastDrawnString != s){
            // trigger event
            this.emit('redraw-pre');

            // set cursor to start of line
            this.terminal.cursorTo(0, null);

            // write output
            this.terminal.write(s);

            // clear to the right from cursor
            this.terminal.clearRight();

            // store string
            this.lastDrawnString = s;

            // set last redraw time
            this.lastRedraw = Date.now();

            // trigger event
            this.emit('redraw-post');
        }
    }

    // start the progress bar
    start(total, startValue, payload){
        // set initial values
        this.value = startValue || 0;
        this.total = (typeof total !== 'undefined' && total >= 0) ? total : 100;

        // set start value for progress calculation
        this.startValue = (startValue || 0);

        // store payload (optional)
        this.payload = payload || {};

        // store start time for duration+eta calculation
        this.startTime = Date.now();

        // reset stop time for 're-start' scenario (used for duration calculation)
        this.stopTime = null;

        // reset string line buffer (redraw detection)
        this.lastDrawnString = '';

        // initialize eta buffer
        this.eta = new _ETA(this.options.etaBufferLength, this.startTime, this.value);

        // set flag
        this.isActive = true;

        // start event
        this.emit('start', total, startValue);
    }

    // stop the bar
    stop(){
        // set flag
        this.isActive = false;
        
        // store stop timestamp to get total duration
        this.stopTime = Date.now();

        // stop event
        this.emit('stop', this.total, this.value);
    }

    // update the bar value
    // update(value, payload)
    // update(payload)
    update(arg0, arg1 = {}){
        // value set ?
        // update(value, [payload]);
        if (typeof arg0 === 'number') {
            // update value
            this.value = arg0;

            // add new value; recalculate eta
            this.eta.update(Date.now(), arg0, this.total);
        }

        // extract payload
        // update(value, payload)
        // update(payload)
        const payloadData = ((typeof arg0 === 'object') ? arg0 : arg1) || {};

        // update event (before stop() is called)
        this.emit('update', this.total, this.value);

        // merge payload
        for (const key in payloadData){
            this.payload[key] = payloadData[key];
        }

        // limit reached ? autostop set ?
        if (this.value >= this.getTotal() && this.options.stopOnComplete) {
            this.stop();
        }
    }

    // calculate the actual progress value
    getProgress(){
        // calculate the normalized current progress
        let progress = (this.value/this.total);

        // use relative progress calculation ? range between startValue and total is then used as 100%
        // startValue (offset) is ignored for calculations
        if (this.options.progressCalculationRelative){
            progress = (this.value-this.startValue)/(this.total-this.startValue);
        }

        // handle NaN Errors caused by total=0. Set to complete in this case
        if (isNaN(progress)){
            progress = (this.options && this.options.emptyOnZero) ? 0.0 : 1.0;
        }

        // limiter
        progress = Math.min(Math.max(progress, 0.0), 1.0);

        return progress;
    }

    // update the bar value
    // increment(delta, payload)
    // increment(payload)
    increment(arg0 = 1, arg1 = {}){
        // increment([payload]) => step=1
        // handle the use case when `step` is omitted but payload is passed
        if (typeof arg0 === 'object') {
            this.update(this.value + 1, arg0);
        
        // increment([step=1], [payload={}])
        }else{
            this.update(this.value + arg0, arg1);
        }
    }

    // get the total (limit) value
    getTotal(){
        return this.total;
    }

    // set the total (limit) value
    setTotal(total){
        if (typeof total !== 'undefined' && total >= 0){
            this.total = total;
        }
    }

    // force eta calculation update (long running processes)
    updateETA(){
        // add new value; recalculate eta
        this.eta.update(Date.now(), this.value, this.total);
    }
}


/***/ }),

/***/ 307:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const _Terminal = __nccwpck_require__(748);
const _BarElement = __nccwpck_require__(123);
const _options = __nccwpck_require__(596);
const _EventEmitter = __nccwpck_require__(434);

// Progress-Bar constructor
module.exports = class MultiBar extends _EventEmitter{

    constructor(options, preset){
        super();

        // list of bars
        this.bars = [];

        // parse+store options
        this.options = _options.parse(options, preset);

        // disable synchronous updates
        this.options.synchronousUpdate = false;

        // store terminal instance
        this.terminal = (this.options.terminal) ? this.options.terminal : new _Terminal(this.options.stream);

        // the update timer
        this.timer = null;

        // progress bar active ?
        this.isActive = false;

        // update interval
        this.schedulingRate = (this.terminal.isTTY() ? this.options.throttleTime : this.options.notTTYSchedule);

        // logging output buffer
        this.loggingBuffer = [];

        // callback used for gracefulExit
        this.sigintCallback = null;
    }

    // add a new bar to the stack
    create(total, startValue, payload, barOptions={}){
        // create new bar element and merge global options + overrides
        // use the same global terminal instance for all instances
        const bar = new _BarElement(Object.assign(
            {}, 

            // global options
            this.options, 

            // terminal instance
            {
                terminal: this.terminal
            },

            // overrides
            barOptions,
        ));

        // store bar
        this.bars.push(bar);

        // progress updates are only visible in TTY mode!
        if (this.options.noTTYOutput === false && this.terminal.isTTY() === false){
            return bar;
        }

        // add handler to restore cursor settings (stop the bar) on SIGINT/SIGTERM ?
        if (this.sigintCallback === null && this.options.gracefulExit){
            this.sigintCallback = this.stop.bind(this);
            process.once('SIGINT', this.sigintCallback);
            process.once('SIGTERM', this.sigintCallback);
        }
        
        // multiprogress already active ?
        if (!this.isActive){
            // hide the cursor ?
            if (this.options.hideCursor === true){
                this.terminal.cursor(false);
            }

            // disable line wrapping ?
            if (this.options.linewrap === false){
                this.terminal.lineWrapping(false);
            }
    
            // initialize update timer
            this.timer = setTimeout(this.update.bind(this), this.schedulingRate);
        }

        // set flag
        this.isActive = true;

        // start progress bar
        bar.start(total, startValue, payload);

        // trigger event
        this.emit('start');

        // return new instance
        return bar;
    }

    // remove a bar from the stack
    remove(bar){
        // find element
        const index = this.bars.indexOf(bar);

        // element found ?
        if (index < 0){
            return false;
        }

        // remove element
        this.bars.splice(index, 1);

        // force update
        this.update();

        // clear bottom
        this.terminal.newline();
        this.terminal.clearBottom();

        return true;
    }

    // internal update routine
    update(){
        // stop timer
        if (this.timer){
            clearTimeout(this.timer);
            this.timer = null;
        }

        // trigger event
        this.emit('update-pre');
        
        // reset cursor
        this.terminal.cursorRelativeReset();

        // trigger event
        this.emit('redraw-pre');

        // content within logging buffer ?
        if (this.loggingBuffer.length > 0){
            this.terminal.clearLine();

            // flush logging buffer and write content to terminal
            while (this.loggingBuffer.length > 0){
                this.terminal.write(this.loggingBuffer.shift(), true);
            }
        }

        // update each bar
        for (let i=0; i< this.bars.length; i++){
            // add new line ?
            if (i > 0){
                this.terminal.newline();
            }

            // render
            this.bars[i].render();
        }

        // trigger event
        this.emit('redraw-post');

        // add new line in notty mode!
        if (this.options.noTTYOutput && this.terminal.isTTY() === false){
            this.terminal.newline();
            this.terminal.newline();
        }

        // next update
        this.timer = setTimeout(this.update.bind(this), this.schedulingRate);

        // trigger event
        this.emit('update-post');

        // stop if stopOnComplete and all bars stopped
        if (this.options.stopOnComplete && !this.bars.find(bar => bar.isActive)) {
            this.stop();
        }
    }

    stop(){

        // stop timer
        clearTimeout(this.timer);
        this.timer = null;

        // remove sigint listener
        if (this.sigintCallback){
            process.removeListener('SIGINT', this.sigintCallback);
            process.removeListener('SIGTERM', this.sigintCallback);
            this.sigintCallback = null;
        }

        // set flag
        this.isActive = false;

        // cursor hidden ?
        if (this.options.hideCursor === true){
            this.terminal.cursor(true);
        }

        // re-enable line wrpaping ?
        if (this.options.linewrap === false){
            this.terminal.lineWrapping(true);
        }

        // reset cursor
        this.terminal.cursorRelativeReset();

        // trigger event
        this.emit('stop-pre-clear');

        // clear line on complete ?
        if (this.options.clearOnComplete){
            // clear all bars
            this.terminal.clearBottom();
            
        // or show final progress ?
        }else{
            // update each bar
            for (let i=0; i< this.bars.length; i++){
                // add new line ?
                if (i > 0){
                    this.terminal.newline();
                }

                // trigger final rendering
                this.bars[i].render();

                // stop
                this.bars[i].stop();
            }

            // new line on complete
            this.terminal.newline();
        }

        // trigger event
        this.emit('stop');
    }

    log(s){
        // push content into logging buffer
        this.loggingBuffer.push(s);
    }
}


/***/ }),

/***/ 596:
/***/ ((module) => {

// utility to merge defaults
function mergeOption(v, defaultValue){
    if (typeof v === 'undefined' || v === null){
        return defaultValue;
    }else{
        return v;
    }
}

module.exports = {
    // set global options
    parse: function parse(rawOptions, preset){

        // options storage
        const options = {};

        // merge preset
        const opt = Object.assign({}, preset, rawOptions);

        // the max update rate in fps (redraw will only triggered on value change)
        options.throttleTime = 1000 / (mergeOption(opt.fps, 10));

        // the output stream to write on
        options.stream = mergeOption(opt.stream, process.stderr);

        // external terminal provided ?
        options.terminal = mergeOption(opt.terminal, null);

        // clear on finish ?
        options.clearOnComplete = mergeOption(opt.clearOnComplete, false);

        // stop on finish ?
        options.stopOnComplete = mergeOption(opt.stopOnComplete, false);

        // size of the progressbar in chars
        options.barsize = mergeOption(opt.barsize, 40);

        // position of the progress bar - 'left' (default), 'right' or 'center'
        options.align = mergeOption(opt.align, 'left');

        // hide the cursor ?
        options.hideCursor = mergeOption(opt.hideCursor, false);

        // disable linewrapping ?
        options.linewrap = mergeOption(opt.linewrap, false);

        // glue sequence (control chars) between bar elements ?
        options.barGlue = mergeOption(opt.barGlue, '');

        // bar chars
        options.barCompleteChar = mergeOption(opt.barCompleteChar, '=');
        options.barIncompleteChar = mergeOption(opt.barIncompleteChar, '-');

        // the bar format
        options.format = mergeOption(opt.format, 'progress [{bar}] {percentage}% | ETA: {eta}s | {value}/{total}');

        // external time-format provided ?
        options.formatTime = mergeOption(opt.formatTime, null);

        // external value-format provided ?
        options.formatValue = mergeOption(opt.formatValue, null);

        // external bar-format provided ?
        options.formatBar = mergeOption(opt.formatBar, null);

        // the number of results to average ETA over
        options.etaBufferLength = mergeOption(opt.etaBuffer, 10);

        // automatic eta updates based on fps
        options.etaAsynchronousUpdate = mergeOption(opt.etaAsynchronousUpdate, false);

        // progress calculation relative to start value ? default start at 0
        options.progressCalculationRelative = mergeOption(opt.progressCalculationRelative, false);

        // allow synchronous updates ?
        options.synchronousUpdate = mergeOption(opt.synchronousUpdate, true);

        // notty mode
        options.noTTYOutput = mergeOption(opt.noTTYOutput, false);

        // schedule - 2s
        options.notTTYSchedule = mergeOption(opt.notTTYSchedule, 2000);
        
        // emptyOnZero - false
        options.emptyOnZero = mergeOption(opt.emptyOnZero, false);

        // force bar redraw even if progress did not change
        options.forceRedraw = mergeOption(opt.forceRedraw, false);

        // automated padding to fixed width ?
        options.autopadding = mergeOption(opt.autopadding, false);

        // stop bar on SIGINT/SIGTERM to restore cursor settings ?
        options.gracefulExit = mergeOption(opt.gracefulExit, false);

        return options;
    },

    // derived options: instance specific, has to be created for every bar element
    assignDerivedOptions: function assignDerivedOptions(options){
        // pre-render bar strings (performance)
        options.barCompleteString = options.barCompleteChar.repeat(options.barsize + 1);
        options.barIncompleteString = options.barIncompleteChar.repeat(options.barsize + 1);

        // autopadding character - empty in case autopadding is disabled
        options.autopaddingChar = options.autopadding ? mergeOption(options.autopaddingChar, '   ') : '';

        return options;
    }
};

/***/ }),

/***/ 176:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const _GenericBar = __nccwpck_require__(123);
const _options = __nccwpck_require__(596);

// Progress-Bar constructor
module.exports = class SingleBar extends _GenericBar{

    constructor(options, preset){
        super(_options.parse(options, preset));

        // the update timer
        this.timer = null;

        // disable synchronous updates in notty mode
        if (this.options.noTTYOutput && this.terminal.isTTY() === false){
            this.options.synchronousUpdate = false;
        }

        // update interval
        this.schedulingRate = (this.terminal.isTTY() ? this.options.throttleTime : this.options.notTTYSchedule);

        // callback used for gracefulExit
        this.sigintCallback = null;
    }

    // internal render function
    render(){
        // stop timer
        if (this.timer){
            clearTimeout(this.timer);
            this.timer = null;
        }

        // run internal rendering
        super.render();

        // add new line in notty mode!
        if (this.options.noTTYOutput && this.terminal.isTTY() === false){
            this.terminal.newline();
        }

        // next update
        this.timer = setTimeout(this.render.bind(this), this.schedulingRate);
    }

    update(current, payload){
        // timer inactive ?
        if (!this.timer) {
            return;
        }

        super.update(current, payload);

        // trigger synchronous update ?
        // check for throttle time 
        if (this.options.synchronousUpdate && (this.lastRedraw + this.options.throttleTime*2) < Date.now()){
            // force update
            this.render();
        }
    }

    // start the progress bar
    start(total, startValue, payload){
        // progress updates are only visible in TTY mode!
        if (this.options.noTTYOutput === false && this.terminal.isTTY() === false){
            return;
        }

        // add handler to restore cursor settings (stop the bar) on SIGINT/SIGTERM ?
        if (this.sigintCallback === null && this.options.gracefulExit){
            this.sigintCallback = this.stop.bind(this);
            process.once('SIGINT', this.sigintCallback);
            process.once('SIGTERM', this.sigintCallback);
        }

        // save current cursor settings
        this.terminal.cursorSave();

        // hide the cursor ?
        if (this.options.hideCursor === true){
            this.terminal.cursor(false);
        }

        // disable line wrapping ?
        if (this.options.linewrap === false){
            this.terminal.lineWrapping(false);
        }

        // initialize bar
        super.start(total, startValue, payload);

        // redraw on start!
        this.render();
    }

    // stop the bar
    stop(){
        // timer inactive ?
        if (!this.timer) {
            return;
        }
        
        // remove sigint listener
        if (this.sigintCallback){
            process.removeListener('SIGINT', this.sigintCallback);
            process.removeListener('SIGTERM', this.sigintCallback);
            this.sigintCallback = null;
        }

        // trigger final rendering
        this.render();

        // restore state
        super.stop();

        // stop timer
        clearTimeout(this.timer);
        this.timer = null;

        // cursor hidden ?
        if (this.options.hideCursor === true){
            this.terminal.cursor(true);
        }

        // re-enable line wrapping ?
        if (this.options.linewrap === false){
            this.terminal.lineWrapping(true);
        }

        // restore cursor on complete (position + settings)
        this.terminal.cursorRestore();

        // clear line on complete ?
        if (this.options.clearOnComplete){
            this.terminal.cursorTo(0, null);
            this.terminal.clearLine();
        }else{
            // new line on complete
            this.terminal.newline();
        }
    }
}

/***/ }),

/***/ 748:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const _readline = __nccwpck_require__(785);

// low-level terminal interactions
class Terminal{

    constructor(outputStream){
        this.stream = outputStream;

        // default: line wrapping enabled
        this.linewrap = true;

        // current, relative y position
        this.dy = 0;
    }

    // save cursor position + settings
    cursorSave(){
        if (!this.stream.isTTY){
            return;
        }

        // save position
        this.stream.write('\x1B7');
    }

    // restore last cursor position + settings
    cursorRestore(){
        if (!this.stream.isTTY){
            return;
        }

        // restore cursor
        this.stream.write('\x1B8');
    }

    // show/hide cursor
    cursor(enabled){
        if (!this.stream.isTTY){
            return;
        }

        if (enabled){
            this.stream.write('\x1B[?25h');
        }else{
            this.stream.write('\x1B[?25l');
        }
    }

    // change cursor positionn
    cursorTo(x=null, y=null){
        if (!this.stream.isTTY){
            return;
        }

        // move cursor absolute
        _readline.cursorTo(this.stream, x, y);
    }

    // change relative cursor position
    cursorRelative(dx=null, dy=null){
        if (!this.stream.isTTY){
            return;
        }

        // store current position
        this.dy = this.dy + dy;
        
        // move cursor relative
        _readline.moveCursor(this.stream, dx, dy);
    }

    // relative reset
    cursorRelativeReset(){
        if (!this.stream.isTTY){
            return;
        }

        // move cursor to initial line
        _readline.moveCursor(this.stream, 0, -this.dy);

        // first char
        _readline.cursorTo(this.stream, 0, null);

        // reset counter
        this.dy = 0;
    }

    // clear to the right from cursor
    clearRight(){
        if (!this.stream.isTTY){
            return;
        }

        _readline.clearLine(this.stream, 1);
    }

    // clear the full line
    clearLine(){
        if (!this.stream.isTTY){
            return;
        }

        _readline.clearLine(this.stream, 0);
    }

    // clear everyting beyond the current line
    clearBottom(){
        if (!this.stream.isTTY){
            return;
        }

        _readline.clearScreenDown(this.stream);
    }

    // add new line; increment counter
    newline(){
        this.stream.write('\n');
        this.dy++;
    }

    // write content to output stream
    // @TODO use string-width to strip length
    write(s, rawWrite=false){
        // line wrapping enabled ? trim output
        // this is just a fallback mechanism in case user enabled line-wrapping via options or set it to auto
        if (this.linewrap === true && rawWrite === false){
            this.stream.write(s.substr(0, this.getWidth()));

        // standard behaviour with disabled linewrapping
        }else{
            this.stream.write(s);
        }
    }

    // control line wrapping
    lineWrapping(enabled){
        if (!this.stream.isTTY){
            return;
        }

        // store state
        this.linewrap = enabled;
        if (enabled){
            this.stream.write('\x1B[?7h');
        }else{
            this.stream.write('\x1B[?7l');
        }
    }

    // tty environment ?
    isTTY(){
        return (this.stream.isTTY === true);
    }

    // get terminal width
    getWidth(){
        // set max width to 80 in tty-mode and 200 in notty-mode
        return this.stream.columns || (this.stream.isTTY ? 80 : 200);
    }
}

module.exports = Terminal;


/***/ }),

/***/ 921:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const _legacy = __nccwpck_require__(874);
const _shades_classic = __nccwpck_require__(170);
const _shades_grey = __nccwpck_require__(351);
const _rect = __nccwpck_require__(879);

module.exports = {
    legacy: _legacy,
    shades_classic: _shades_classic,
    shades_grey: _shades_grey,
    rect: _rect
};

/***/ }),

/***/ 874:
/***/ ((module) => {

// cli-progress legacy style as of 1.x
module.exports = {
    format: 'progress [{bar}] {percentage}% | ETA: {eta}s | {value}/{total}',
    barCompleteChar: '=',
    barIncompleteChar: '-'
};

/***/ }),

/***/ 879:
/***/ ((module) => {

module.exports = {
    format: ' {bar}\u25A0 {percentage}% | ETA: {eta}s | {value}/{total}',
    barCompleteChar: '\u25A0',
    barIncompleteChar: ' '
};

/***/ }),

/***/ 170:
/***/ ((module) => {

// cli-progress legacy style as of 1.x
module.exports = {
    format: ' {bar} {percentage}% | ETA: {eta}s | {value}/{total}',
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591'
};

/***/ }),

/***/ 351:
/***/ ((module) => {


// cli-progress legacy style as of 1.x
module.exports = {
    format: ' \u001b[90m{bar}\u001b[0m {percentage}% | ETA: {eta}s | {value}/{total}',
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591'
};

/***/ }),

/***/ 110:
/***/ ((module, exports, __nccwpck_require__) => {

/* eslint-env browser */

/**
 * This is the web browser implementation of `debug()`.
 */

exports.formatArgs = formatArgs;
exports.save = save;
exports.load = load;
exports.useColors = useColors;
exports.storage = localstorage();
exports.destroy = (() => {
	let warned = false;

	return () => {
		if (!warned) {
			warned = true;
			console.warn('Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.');
		}
	};
})();

/**
 * Colors.
 */

exports.colors = [
	'#0000CC',
	'#0000FF',
	'#0033CC',
	'#0033FF',
	'#0066CC',
	'#0066FF',
	'#0099CC',
	'#0099FF',
	'#00CC00',
	'#00CC33',
	'#00CC66',
	'#00CC99',
	'#00CCCC',
	'#00CCFF',
	'#3300CC',
	'#3300FF',
	'#3333CC',
	'#3333FF',
	'#3366CC',
	'#3366FF',
	'#3399CC',
	'#3399FF',
	'#33CC00',
	'#33CC33',
	'#33CC66',
	'#33CC99',
	'#33CCCC',
	'#33CCFF',
	'#6600CC',
	'#6600FF',
	'#6633CC',
	'#6633FF',
	'#66CC00',
	'#66CC33',
	'#9900CC',
	'#9900FF',
	'#9933CC',
	'#9933FF',
	'#99CC00',
	'#99CC33',
	'#CC0000',
	'#CC0033',
	'#CC0066',
	'#CC0099',
	'#CC00CC',
	'#CC00FF',
	'#CC3300',
	'#CC3333',
	'#CC3366',
	'#CC3399',
	'#CC33CC',
	'#CC33FF',
	'#CC6600',
	'#CC6633',
	'#CC9900',
	'#CC9933',
	'#CCCC00',
	'#CCCC33',
	'#FF0000',
	'#FF0033',
	'#FF0066',
	'#FF0099',
	'#FF00CC',
	'#FF00FF',
	'#FF3300',
	'#FF3333',
	'#FF3366',
	'#FF3399',
	'#FF33CC',
	'#FF33FF',
	'#FF6600',
	'#FF6633',
	'#FF9900',
	'#FF9933',
	'#FFCC00',
	'#FFCC33'
];

/**
 * Currently only WebKit-based Web Inspectors, Firefox >= v31,
 * and the Firebug extension (any Firefox version) are known
 * to support "%c" CSS customizations.
 *
 * TODO: add a `localStorage` variable to explicitly enable/disable colors
 */

// eslint-disable-next-line complexity
function useColors() {
	// NB: In an Electron preload script, document will be defined but not fully
	// initialized. Since we know we're in Chrome, we'll just detect this case
	// explicitly
	if (typeof window !== 'undefined' && window.process && (window.process.type === 'renderer' || window.process.__nwjs)) {
		return true;
	}

	// Internet Explorer and Edge do not support colors.
	if (typeof navigator !== 'undefined' && navigator.userAgent && navigator.userAgent.toLowerCase().match(/(edge|trident)\/(\d+)/)) {
		return false;
	}

	let m;

	// Is webkit? http://stackoverflow.com/a/16459606/376773
	// document is undefined in react-native: https://github.com/facebook/react-native/pull/1632
	// eslint-disable-next-line no-return-assign
	return (typeof document !== 'undefined' && document.documentElement && document.documentElement.style && document.documentElement.style.WebkitAppearance) ||
		// Is firebug? http://stackoverflow.com/a/398120/376773
		(typeof window !== 'undefined' && window.console && (window.console.firebug || (window.console.exception && window.console.table))) ||
		// Is firefox >= v31?
		// https://developer.mozilla.org/en-US/docs/Tools/Web_Console#Styling_messages
		(typeof navigator !== 'undefined' && navigator.userAgent && (m = navigator.userAgent.toLowerCase().match(/firefox\/(\d+)/)) && parseInt(m[1], 10) >= 31) ||
		// Double check webkit in userAgent just in case we are in a worker
		(typeof navigator !== 'undefined' && navigator.userAgent && navigator.userAgent.toLowerCase().match(/applewebkit\/(\d+)/));
}

/**
 * Colorize log arguments if enabled.
 *
 * @api public
 */

function formatArgs(args) {
	args[0] = (this.useColors ? '%c' : '') +
		this.namespace +
		(this.useColors ? ' %c' : ' ') +
		args[0] +
		(this.useColors ? '%c ' : ' ') +
		'+' + module.exports.humanize(this.diff);

	if (!this.useColors) {
		return;
	}

	const c = 'color: ' + this.color;
	args.splice(1, 0, c, 'color: inherit');

	// The final "%c" is somewhat tricky, because there could be other
	// arguments passed either before or after the %c, so we need to
	// figure out the correct index to insert the CSS into
	let index = 0;
	let lastC = 0;
	args[0].replace(/%[a-zA-Z%]/g, match => {
		if (match === '%%') {
			return;
		}
		index++;
		if (match === '%c') {
			// We only are interested in the *last* %c
			// (the user may have provided their own)
			lastC = index;
		}
	});

	args.splice(lastC, 0, c);
}

/**
 * Invokes `console.debug()` when available.
 * No-op when `console.debug` is not a "function".
 * If `console.debug` is not available, falls back
 * to `console.log`.
 *
 * @api public
 */
exports.log = console.debug || console.log || (() => {});

/**
 * Save `namespaces`.
 *
 * @param {String} namespaces
 * @api private
 */
function save(namespaces) {
	try {
		if (namespaces) {
			exports.storage.setItem('debug', namespaces);
		} else {
			exports.storage.removeItem('debug');
		}
	} catch (error) {
		// Swallow
		// XXX (@Qix-) should we be logging these?
	}
}

/**
 * Load `namespaces`.
 *
 * @return {String} returns the previously persisted debug modes
 * @api private
 */
function load() {
	let r;
	try {
		r = exports.storage.getItem('debug') || exports.storage.getItem('DEBUG') ;
	} catch (error) {
		// Swallow
		// XXX (@Qix-) should we be logging these?
	}

	// If debug isn't set in LS, and we're in Electron, try to load $DEBUG
	if (!r && typeof process !== 'undefined' && 'env' in process) {
		r = process.env.DEBUG;
	}

	return r;
}

/**
 * Localstorage attempts to return the localstorage.
 *
 * This is necessary because safari throws
 * when a user disables cookies/localstorage
 * and you attempt to access it.
 *
 * @return {LocalStorage}
 * @api private
 */

function localstorage() {
	try {
		// TVMLKit (Apple TV JS Runtime) does not have a window object, just localStorage in the global context
		// The Browser also has localStorage in the global context.
		return localStorage;
	} catch (error) {
		// Swallow
		// XXX (@Qix-) should we be logging these?
	}
}

module.exports = __nccwpck_require__(897)(exports);

const {formatters} = module.exports;

/**
 * Map %j to `JSON.stringify()`, since no Web Inspectors do that by default.
 */

formatters.j = function (v) {
	try {
		return JSON.stringify(v);
	} catch (error) {
		return '[UnexpectedJSONParseError]: ' + error.message;
	}
};


/***/ }),

/***/ 897:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


/**
 * This is the common logic for both the Node.js and web browser
 * implementations of `debug()`.
 */

function setup(env) {
	createDebug.debug = createDebug;
	createDebug.default = createDebug;
	createDebug.coerce = coerce;
	createDebug.disable = disable;
	createDebug.enable = enable;
	createDebug.enabled = enabled;
	createDebug.humanize = __nccwpck_require__(744);
	createDebug.destroy = destroy;

	Object.keys(env).forEach(key => {
		createDebug[key] = env[key];
	});

	/**
	* The currently active debug mode names, and names to skip.
	*/

	createDebug.names = [];
	createDebug.skips = [];

	/**
	* Map of special "%n" handling functions, for the debug "format" argument.
	*
	* Valid key names are a single, lower or upper-case letter, i.e. "n" and "N".
	*/
	createDebug.formatters = {};

	/**
	* Selects a color for a debug namespace
	* @param {String} namespace The namespace string for the debug instance to be colored
	* @return {Number|String} An ANSI color code for the given namespace
	* @api private
	*/
	function selectColor(namespace) {
		let hash = 0;

		for (let i = 0; i < namespace.length; i++) {
			hash = ((hash << 5) - hash) + namespace.charCodeAt(i);
			hash |= 0; // Convert to 32bit integer
		}

		return createDebug.colors[Math.abs(hash) % createDebug.colors.length];
	}
	createDebug.selectColor = selectColor;

	/**
	* Create a debugger with the given `namespace`.
	*
	* @param {String} namespace
	* @return {Function}
	* @api public
	*/
	function createDebug(namespace) {
		let prevTime;
		let enableOverride = null;
		let namespacesCache;
		let enabledCache;

		function debug(...args) {
			// Disabled?
			if (!debug.enabled) {
				return;
			}

			const self = debug;

			// Set `diff` timestamp
			const curr = Number(new Date());
			const ms = curr - (prevTime || curr);
			self.diff = ms;
			self.prev = prevTime;
			self.curr = curr;
			prevTime = curr;

			args[0] = createDebug.coerce(args[0]);

			if (typeof args[0] !== 'string') {
				// Anything else let's inspect with %O
				args.unshift('%O');
			}

			// Apply any `formatters` transformations
			let index = 0;
			args[0] = args[0].replace(/%([a-zA-Z%])/g, (match, format) => {
				// If we encounter an escaped % then don't increase the array index
				if (match === '%%') {
					return '%';
				}
				index++;
				const formatter = createDebug.formatters[format];
				if (typeof formatter === 'function') {
					const val = args[index];
					match = formatter.call(self, val);

					// Now we need to remove `args[index]` since it's inlined in the `format`
					args.splice(index, 1);
					index--;
				}
				return match;
			});

			// Apply env-specific formatting (colors, etc.)
			createDebug.formatArgs.call(self, args);

			const logFn = self.log || createDebug.log;
			logFn.apply(self, args);
		}

		debug.namespace = namespace;
		debug.useColors = createDebug.useColors();
		debug.color = createDebug.selectColor(namespace);
		debug.extend = extend;
		debug.destroy = createDebug.destroy; // XXX Temporary. Will be removed in the next major release.

		Object.defineProperty(debug, 'enabled', {
			enumerable: true,
			configurable: false,
			get: () => {
				if (enableOverride !== null) {
					return enableOverride;
				}
				if (namespacesCache !== createDebug.namespaces) {
					namespacesCache = createDebug.namespaces;
					enabledCache = createDebug.enabled(namespace);
				}

				return enabledCache;
			},
			set: v => {
				enableOverride = v;
			}
		});

		// Env-specific initialization logic for debug instances
		if (typeof createDebug.init === 'function') {
			createDebug.init(debug);
		}

		return debug;
	}

	function extend(namespace, delimiter) {
		const newDebug = createDebug(this.namespace + (typeof delimiter === 'undefined' ? ':' : delimiter) + namespace);
		newDebug.log = this.log;
		return newDebug;
	}

	/**
	* Enables a debug mode by namespaces. This can include modes
	* separated by a colon and wildcards.
	*
	* @param {String} namespaces
	* @api public
	*/
	function enable(namespaces) {
		createDebug.save(namespaces);
		createDebug.namespaces = namespaces;

		createDebug.names = [];
		createDebug.skips = [];

		const split = (typeof namespaces === 'string' ? namespaces : '')
			.trim()
			.replace(/\s+/g, ',')
			.split(',')
			.filter(Boolean);

		for (const ns of split) {
			if (ns[0] === '-') {
				createDebug.skips.push(ns.slice(1));
			} else {
				createDebug.names.push(ns);
			}
		}
	}

	/**
	 * Checks if the given string matches a namespace template, honoring
	 * asterisks as wildcards.
	 *
	 * @param {String} search
	 * @param {String} template
	 * @return {Boolean}
	 */
	function matchesTemplate(search, template) {
		let searchIndex = 0;
		let templateIndex = 0;
		let starIndex = -1;
		let matchIndex = 0;

		while (searchIndex < search.length) {
			if (templateIndex < template.length && (template[templateIndex] === search[searchIndex] || template[templateIndex] === '*')) {
				// Match character or proceed with wildcard
				if (template[templateIndex] === '*') {
					starIndex = templateIndex;
					matchIndex = searchIndex;
					templateIndex++; // Skip the '*'
				} else {
					searchIndex++;
					templateIndex++;
				}
			} else if (starIndex !== -1) { // eslint-disable-line no-negated-condition
				// Backtrack to the last '*' and try to match more characters
				templateIndex = starIndex + 1;
				matchIndex++;
				searchIndex = matchIndex;
			} else {
				return false; // No match
			}
		}

		// Handle trailing '*' in template
		while (templateIndex < template.length && template[templateIndex] === '*') {
			templateIndex++;
		}

		return templateIndex === template.length;
	}

	/**
	* Disable debug output.
	*
	* @return {String} namespaces
	* @api public
	*/
	function disable() {
		const namespaces = [
			...createDebug.names,
			...createDebug.skips.map(namespace => '-' + namespace)
		].join(',');
		createDebug.enable('');
		return namespaces;
	}

	/**
	* Returns true if the given mode name is enabled, false otherwise.
	*
	* @param {String} name
	* @return {Boolean}
	* @api public
	*/
	function enabled(name) {
		for (const skip of createDebug.skips) {
			if (matchesTemplate(name, skip)) {
				return false;
			}
		}

		for (const ns of createDebug.names) {
			if (matchesTemplate(name, ns)) {
				return true;
			}
		}

		return false;
	}

	/**
	* Coerce `val`.
	*
	* @param {Mixed} val
	* @return {Mixed}
	* @api private
	*/
	function coerce(val) {
		if (val instanceof Error) {
			return val.stack || val.message;
		}
		return val;
	}

	/**
	* XXX DO NOT USE. This is a temporary stub function.
	* XXX It WILL be removed in the next major release.
	*/
	function destroy() {
		console.warn('Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.');
	}

	createDebug.enable(createDebug.load());

	return createDebug;
}

module.exports = setup;


/***/ }),

/***/ 830:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

/**
 * Detect Electron renderer / nwjs process, which is node, but we should
 * treat as a browser.
 */

if (typeof process === 'undefined' || process.type === 'renderer' || process.browser === true || process.__nwjs) {
	module.exports = __nccwpck_require__(110);
} else {
	module.exports = __nccwpck_require__(108);
}


/***/ }),

/***/ 108:
/***/ ((module, exports, __nccwpck_require__) => {

/**
 * Module dependencies.
 */

const tty = __nccwpck_require__(18);
const util = __nccwpck_require__(404);

/**
 * This is the Node.js implementation of `debug()`.
 */

exports.init = init;
exports.log = log;
exports.formatArgs = formatArgs;
exports.save = save;
exports.load = load;
exports.useColors = useColors;
exports.destroy = util.deprecate(
	() => {},
	'Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.'
);

/**
 * Colors.
 */

exports.colors = [6, 2, 3, 4, 5, 1];

try {
	// Optional dependency (as in, doesn't need to be installed, NOT like optionalDependencies in package.json)
	// eslint-disable-next-line import/no-extraneous-dependencies
	const supportsColor = __nccwpck_require__(450);

	if (supportsColor && (supportsColor.stderr || supportsColor).level >= 2) {
		exports.colors = [
			20,
			21,
			26,
			27,
			32,
			33,
			38,
			39,
			40,
			41,
			42,
			43,
			44,
			45,
			56,
			57,
			62,
			63,
			68,
			69,
			74,
			75,
			76,
			77,
			78,
			79,
			80,
			81,
			92,
			93,
			98,
			99,
			112,
			113,
			128,
			129,
			134,
			135,
			148,
			149,
			160,
			161,
			162,
			163,
			164,
			165,
			166,
			167,
			168,
			169,
			170,
			171,
			172,
			173,
			178,
			179,
			184,
			185,
			196,
			197,
			198,
			199,
			200,
			201,
			202,
			203,
			204,
			205,
			206,
			207,
			208,
			209,
			214,
			215,
			220,
			221
		];
	}
} catch (error) {
	// Swallow - we only care if `supports-color` is available; it doesn't have to be.
}

/**
 * Build up the default `inspectOpts` object from the environment variables.
 *
 *   $ DEBUG_COLORS=no DEBUG_DEPTH=10 DEBUG_SHOW_HIDDEN=enabled node script.js
 */

exports.inspectOpts = Object.keys(process.env).filter(key => {
	return /^debug_/i.test(key);
}).reduce((obj, key) => {
	// Camel-case
	const prop = key
		.substring(6)
		.toLowerCase()
		.replace(/_([a-z])/g, (_, k) => {
			return k.toUpperCase();
		});

	// Coerce string value into JS value
	let val = process.env[key];
	if (/^(yes|on|true|enabled)$/i.test(val)) {
		val = true;
	} else if (/^(no|off|false|disabled)$/i.test(val)) {
		val = false;
	} else if (val === 'null') {
		val = null;
	} else {
		val = Number(val);
	}

	obj[prop] = val;
	return obj;
}, {});

/**
 * Is stdout a TTY? Colored output is enabled when `true`.
 */

function useColors() {
	return 'colors' in exports.inspectOpts ?
		Boolean(exports.inspectOpts.colors) :
		tty.isatty(process.stderr.fd);
}

/**
 * Adds ANSI color escape codes if enabled.
 *
 * @api public
 */

function formatArgs(args) {
	const {namespace: name, useColors} = this;

	if (useColors) {
		const c = this.color;
		const colorCode = '\u001B[3' + (c < 8 ? c : '8;5;' + c);
		const prefix = `  ${colorCode};1m${name} \u001B[0m`;

		args[0] = prefix + args[0].split('\n').join('\n' + prefix);
		args.push(colorCode + 'm+' + module.exports.humanize(this.diff) + '\u001B[0m');
	} else {
		args[0] = getDate() + name + ' ' + args[0];
	}
}

function getDate() {
	if (exports.inspectOpts.hideDate) {
		return '';
	}
	return new Date().toISOString() + ' ';
}

/**
 * Invokes `util.formatWithOptions()` with the specified arguments and writes to stderr.
 */

function log(...args) {
	return process.stderr.write(util.formatWithOptions(exports.inspectOpts, ...args) + '\n');
}

/**
 * Save `namespaces`.
 *
 * @param {String} namespaces
 * @api private
 */
function save(namespaces) {
	if (namespaces) {
		process.env.DEBUG = namespaces;
	} else {
		// If you set a process.env field to null or undefined, it gets cast to the
		// string 'null' or 'undefined'. Just delete instead.
		delete process.env.DEBUG;
	}
}

/**
 * Load `namespaces`.
 *
 * @return {String} returns the previously persisted debug modes
 * @api private
 */

function load() {
	return process.env.DEBUG;
}

/**
 * Init logic for `debug` instances.
 *
 * Create a new `inspectOpts` object in case `useColors` is set
 * differently for a particular `debug` instance.
 */

function init(debug) {
	debug.inspectOpts = {};

	const keys = Object.keys(exports.inspectOpts);
	for (let i = 0; i < keys.length; i++) {
		debug.inspectOpts[keys[i]] = exports.inspectOpts[keys[i]];
	}
}

module.exports = __nccwpck_require__(897)(exports);

const {formatters} = module.exports;

/**
 * Map %o to `util.inspect()`, all on a single line.
 */

formatters.o = function (v) {
	this.inspectOpts.colors = this.useColors;
	return util.inspect(v, this.inspectOpts)
		.split('\n')
		.map(str => str.trim())
		.join(' ');
};

/**
 * Map %O to `util.inspect()`, allowing multiple lines if needed.
 */

formatters.O = function (v) {
	this.inspectOpts.colors = this.useColors;
	return util.inspect(v, this.inspectOpts);
};


/***/ }),

/***/ 872:
/***/ ((module) => {



module.exports = function () {
  // https://mths.be/emoji
  return /\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62(?:\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67|\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74|\uDB40\uDC77\uDB40\uDC6C\uDB40\uDC73)\uDB40\uDC7F|\uD83D\uDC68(?:\uD83C\uDFFC\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68\uD83C\uDFFB|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFF\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB-\uDFFE])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFE\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB-\uDFFD])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFD\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB\uDFFC])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\u200D(?:\u2764\uFE0F\u200D(?:\uD83D\uDC8B\u200D)?\uD83D\uDC68|(?:\uD83D[\uDC68\uDC69])\u200D(?:\uD83D\uDC66\u200D\uD83D\uDC66|\uD83D\uDC67\u200D(?:\uD83D[\uDC66\uDC67]))|\uD83D\uDC66\u200D\uD83D\uDC66|\uD83D\uDC67\u200D(?:\uD83D[\uDC66\uDC67])|(?:\uD83D[\uDC68\uDC69])\u200D(?:\uD83D[\uDC66\uDC67])|[\u2695\u2696\u2708]\uFE0F|\uD83D[\uDC66\uDC67]|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|(?:\uD83C\uDFFB\u200D[\u2695\u2696\u2708]|\uD83C\uDFFF\u200D[\u2695\u2696\u2708]|\uD83C\uDFFE\u200D[\u2695\u2696\u2708]|\uD83C\uDFFD\u200D[\u2695\u2696\u2708]|\uD83C\uDFFC\u200D[\u2695\u2696\u2708])\uFE0F|\uD83C\uDFFB\u200D(?:\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C[\uDFFB-\uDFFF])|(?:\uD83E\uDDD1\uD83C\uDFFB\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1|\uD83D\uDC69\uD83C\uDFFC\u200D\uD83E\uDD1D\u200D\uD83D\uDC69)\uD83C\uDFFB|\uD83E\uDDD1(?:\uD83C\uDFFF\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1(?:\uD83C[\uDFFB-\uDFFF])|\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1)|(?:\uD83E\uDDD1\uD83C\uDFFE\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1|\uD83D\uDC69\uD83C\uDFFF\u200D\uD83E\uDD1D\u200D(?:\uD83D[\uDC68\uDC69]))(?:\uD83C[\uDFFB-\uDFFE])|(?:\uD83E\uDDD1\uD83C\uDFFC\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1|\uD83D\uDC69\uD83C\uDFFD\u200D\uD83E\uDD1D\u200D\uD83D\uDC69)(?:\uD83C[\uDFFB\uDFFC])|\uD83D\uDC69(?:\uD83C\uDFFE\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB-\uDFFD\uDFFF])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFC\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB\uDFFD-\uDFFF])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFB\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFC-\uDFFF])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFD\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB\uDFFC\uDFFE\uDFFF])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\u200D(?:\u2764\uFE0F\u200D(?:\uD83D\uDC8B\u200D(?:\uD83D[\uDC68\uDC69])|\uD83D[\uDC68\uDC69])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFF\u200D(?:\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD]))|\uD83D\uDC69\u200D\uD83D\uDC69\u200D(?:\uD83D\uDC66\u200D\uD83D\uDC66|\uD83D\uDC67\u200D(?:\uD83D[\uDC66\uDC67]))|(?:\uD83E\uDDD1\uD83C\uDFFD\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1|\uD83D\uDC69\uD83C\uDFFE\u200D\uD83E\uDD1D\u200D\uD83D\uDC69)(?:\uD83C[\uDFFB-\uDFFD])|\uD83D\uDC69\u200D\uD83D\uDC66\u200D\uD83D\uDC66|\uD83D\uDC69\u200D\uD83D\uDC69\u200D(?:\uD83D[\uDC66\uDC67])|(?:\uD83D\uDC41\uFE0F\u200D\uD83D\uDDE8|\uD83D\uDC69(?:\uD83C\uDFFF\u200D[\u2695\u2696\u2708]|\uD83C\uDFFE\u200D[\u2695\u2696\u2708]|\uD83C\uDFFC\u200D[\u2695\u2696\u2708]|\uD83C\uDFFB\u200D[\u2695\u2696\u2708]|\uD83C\uDFFD\u200D[\u2695\u2696\u2708]|\u200D[\u2695\u2696\u2708])|(?:(?:\u26F9|\uD83C[\uDFCB\uDFCC]|\uD83D\uDD75)\uFE0F|\uD83D\uDC6F|\uD83E[\uDD3C\uDDDE\uDDDF])\u200D[\u2640\u2642]|(?:\u26F9|\uD83C[\uDFCB\uDFCC]|\uD83D\uDD75)(?:\uD83C[\uDFFB-\uDFFF])\u200D[\u2640\u2642]|(?:\uD83C[\uDFC3\uDFC4\uDFCA]|\uD83D[\uDC6E\uDC71\uDC73\uDC77\uDC81\uDC82\uDC86\uDC87\uDE45-\uDE47\uDE4B\uDE4D\uDE4E\uDEA3\uDEB4-\uDEB6]|\uD83E[\uDD26\uDD37-\uDD39\uDD3D\uDD3E\uDDB8\uDDB9\uDDCD-\uDDCF\uDDD6-\uDDDD])(?:(?:\uD83C[\uDFFB-\uDFFF])\u200D[\u2640\u2642]|\u200D[\u2640\u2642])|\uD83C\uDFF4\u200D\u2620)\uFE0F|\uD83D\uDC69\u200D\uD83D\uDC67\u200D(?:\uD83D[\uDC66\uDC67])|\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08|\uD83D\uDC15\u200D\uD83E\uDDBA|\uD83D\uDC69\u200D\uD83D\uDC66|\uD83D\uDC69\u200D\uD83D\uDC67|\uD83C\uDDFD\uD83C\uDDF0|\uD83C\uDDF4\uD83C\uDDF2|\uD83C\uDDF6\uD83C\uDDE6|[#\*0-9]\uFE0F\u20E3|\uD83C\uDDE7(?:\uD83C[\uDDE6\uDDE7\uDDE9-\uDDEF\uDDF1-\uDDF4\uDDF6-\uDDF9\uDDFB\uDDFC\uDDFE\uDDFF])|\uD83C\uDDF9(?:\uD83C[\uDDE6\uDDE8\uDDE9\uDDEB-\uDDED\uDDEF-\uDDF4\uDDF7\uDDF9\uDDFB\uDDFC\uDDFF])|\uD83C\uDDEA(?:\uD83C[\uDDE6\uDDE8\uDDEA\uDDEC\uDDED\uDDF7-\uDDFA])|\uD83E\uDDD1(?:\uD83C[\uDFFB-\uDFFF])|\uD83C\uDDF7(?:\uD83C[\uDDEA\uDDF4\uDDF8\uDDFA\uDDFC])|\uD83D\uDC69(?:\uD83C[\uDFFB-\uDFFF])|\uD83C\uDDF2(?:\uD83C[\uDDE6\uDDE8-\uDDED\uDDF0-\uDDFF])|\uD83C\uDDE6(?:\uD83C[\uDDE8-\uDDEC\uDDEE\uDDF1\uDDF2\uDDF4\uDDF6-\uDDFA\uDDFC\uDDFD\uDDFF])|\uD83C\uDDF0(?:\uD83C[\uDDEA\uDDEC-\uDDEE\uDDF2\uDDF3\uDDF5\uDDF7\uDDFC\uDDFE\uDDFF])|\uD83C\uDDED(?:\uD83C[\uDDF0\uDDF2\uDDF3\uDDF7\uDDF9\uDDFA])|\uD83C\uDDE9(?:\uD83C[\uDDEA\uDDEC\uDDEF\uDDF0\uDDF2\uDDF4\uDDFF])|\uD83C\uDDFE(?:\uD83C[\uDDEA\uDDF9])|\uD83C\uDDEC(?:\uD83C[\uDDE6\uDDE7\uDDE9-\uDDEE\uDDF1-\uDDF3\uDDF5-\uDDFA\uDDFC\uDDFE])|\uD83C\uDDF8(?:\uD83C[\uDDE6-\uDDEA\uDDEC-\uDDF4\uDDF7-\uDDF9\uDDFB\uDDFD-\uDDFF])|\uD83C\uDDEB(?:\uD83C[\uDDEE-\uDDF0\uDDF2\uDDF4\uDDF7])|\uD83C\uDDF5(?:\uD83C[\uDDE6\uDDEA-\uDDED\uDDF0-\uDDF3\uDDF7-\uDDF9\uDDFC\uDDFE])|\uD83C\uDDFB(?:\uD83C[\uDDE6\uDDE8\uDDEA\uDDEC\uDDEE\uDDF3\uDDFA])|\uD83C\uDDF3(?:\uD83C[\uDDE6\uDDE8\uDDEA-\uDDEC\uDDEE\uDDF1\uDDF4\uDDF5\uDDF7\uDDFA\uDDFF])|\uD83C\uDDE8(?:\uD83C[\uDDE6\uDDE8\uDDE9\uDDEB-\uDDEE\uDDF0-\uDDF5\uDDF7\uDDFA-\uDDFF])|\uD83C\uDDF1(?:\uD83C[\uDDE6-\uDDE8\uDDEE\uDDF0\uDDF7-\uDDFB\uDDFE])|\uD83C\uDDFF(?:\uD83C[\uDDE6\uDDF2\uDDFC])|\uD83C\uDDFC(?:\uD83C[\uDDEB\uDDF8])|\uD83C\uDDFA(?:\uD83C[\uDDE6\uDDEC\uDDF2\uDDF3\uDDF8\uDDFE\uDDFF])|\uD83C\uDDEE(?:\uD83C[\uDDE8-\uDDEA\uDDF1-\uDDF4\uDDF6-\uDDF9])|\uD83C\uDDEF(?:\uD83C[\uDDEA\uDDF2\uDDF4\uDDF5])|(?:\uD83C[\uDFC3\uDFC4\uDFCA]|\uD83D[\uDC6E\uDC71\uDC73\uDC77\uDC81\uDC82\uDC86\uDC87\uDE45-\uDE47\uDE4B\uDE4D\uDE4E\uDEA3\uDEB4-\uDEB6]|\uD83E[\uDD26\uDD37-\uDD39\uDD3D\uDD3E\uDDB8\uDDB9\uDDCD-\uDDCF\uDDD6-\uDDDD])(?:\uD83C[\uDFFB-\uDFFF])|(?:\u26F9|\uD83C[\uDFCB\uDFCC]|\uD83D\uDD75)(?:\uD83C[\uDFFB-\uDFFF])|(?:[\u261D\u270A-\u270D]|\uD83C[\uDF85\uDFC2\uDFC7]|\uD83D[\uDC42\uDC43\uDC46-\uDC50\uDC66\uDC67\uDC6B-\uDC6D\uDC70\uDC72\uDC74-\uDC76\uDC78\uDC7C\uDC83\uDC85\uDCAA\uDD74\uDD7A\uDD90\uDD95\uDD96\uDE4C\uDE4F\uDEC0\uDECC]|\uD83E[\uDD0F\uDD18-\uDD1C\uDD1E\uDD1F\uDD30-\uDD36\uDDB5\uDDB6\uDDBB\uDDD2-\uDDD5])(?:\uD83C[\uDFFB-\uDFFF])|(?:[\u231A\u231B\u23E9-\u23EC\u23F0\u23F3\u25FD\u25FE\u2614\u2615\u2648-\u2653\u267F\u2693\u26A1\u26AA\u26AB\u26BD\u26BE\u26C4\u26C5\u26CE\u26D4\u26EA\u26F2\u26F3\u26F5\u26FA\u26FD\u2705\u270A\u270B\u2728\u274C\u274E\u2753-\u2755\u2757\u2795-\u2797\u27B0\u27BF\u2B1B\u2B1C\u2B50\u2B55]|\uD83C[\uDC04\uDCCF\uDD8E\uDD91-\uDD9A\uDDE6-\uDDFF\uDE01\uDE1A\uDE2F\uDE32-\uDE36\uDE38-\uDE3A\uDE50\uDE51\uDF00-\uDF20\uDF2D-\uDF35\uDF37-\uDF7C\uDF7E-\uDF93\uDFA0-\uDFCA\uDFCF-\uDFD3\uDFE0-\uDFF0\uDFF4\uDFF8-\uDFFF]|\uD83D[\uDC00-\uDC3E\uDC40\uDC42-\uDCFC\uDCFF-\uDD3D\uDD4B-\uDD4E\uDD50-\uDD67\uDD7A\uDD95\uDD96\uDDA4\uDDFB-\uDE4F\uDE80-\uDEC5\uDECC\uDED0-\uDED2\uDED5\uDEEB\uDEEC\uDEF4-\uDEFA\uDFE0-\uDFEB]|\uD83E[\uDD0D-\uDD3A\uDD3C-\uDD45\uDD47-\uDD71\uDD73-\uDD76\uDD7A-\uDDA2\uDDA5-\uDDAA\uDDAE-\uDDCA\uDDCD-\uDDFF\uDE70-\uDE73\uDE78-\uDE7A\uDE80-\uDE82\uDE90-\uDE95])|(?:[#\*0-9\xA9\xAE\u203C\u2049\u2122\u2139\u2194-\u2199\u21A9\u21AA\u231A\u231B\u2328\u23CF\u23E9-\u23F3\u23F8-\u23FA\u24C2\u25AA\u25AB\u25B6\u25C0\u25FB-\u25FE\u2600-\u2604\u260E\u2611\u2614\u2615\u2618\u261D\u2620\u2622\u2623\u2626\u262A\u262E\u262F\u2638-\u263A\u2640\u2642\u2648-\u2653\u265F\u2660\u2663\u2665\u2666\u2668\u267B\u267E\u267F\u2692-\u2697\u2699\u269B\u269C\u26A0\u26A1\u26AA\u26AB\u26B0\u26B1\u26BD\u26BE\u26C4\u26C5\u26C8\u26CE\u26CF\u26D1\u26D3\u26D4\u26E9\u26EA\u26F0-\u26F5\u26F7-\u26FA\u26FD\u2702\u2705\u2708-\u270D\u270F\u2712\u2714\u2716\u271D\u2721\u2728\u2733\u2734\u2744\u2747\u274C\u274E\u2753-\u2755\u2757\u2763\u2764\u2795-\u2797\u27A1\u27B0\u27BF\u2934\u2935\u2B05-\u2B07\u2B1B\u2B1C\u2B50\u2B55\u3030\u303D\u3297\u3299]|\uD83C[\uDC04\uDCCF\uDD70\uDD71\uDD7E\uDD7F\uDD8E\uDD91-\uDD9A\uDDE6-\uDDFF\uDE01\uDE02\uDE1A\uDE2F\uDE32-\uDE3A\uDE50\uDE51\uDF00-\uDF21\uDF24-\uDF93\uDF96\uDF97\uDF99-\uDF9B\uDF9E-\uDFF0\uDFF3-\uDFF5\uDFF7-\uDFFF]|\uD83D[\uDC00-\uDCFD\uDCFF-\uDD3D\uDD49-\uDD4E\uDD50-\uDD67\uDD6F\uDD70\uDD73-\uDD7A\uDD87\uDD8A-\uDD8D\uDD90\uDD95\uDD96\uDDA4\uDDA5\uDDA8\uDDB1\uDDB2\uDDBC\uDDC2-\uDDC4\uDDD1-\uDDD3\uDDDC-\uDDDE\uDDE1\uDDE3\uDDE8\uDDEF\uDDF3\uDDFA-\uDE4F\uDE80-\uDEC5\uDECB-\uDED2\uDED5\uDEE0-\uDEE5\uDEE9\uDEEB\uDEEC\uDEF0\uDEF3-\uDEFA\uDFE0-\uDFEB]|\uD83E[\uDD0D-\uDD3A\uDD3C-\uDD45\uDD47-\uDD71\uDD73-\uDD76\uDD7A-\uDDA2\uDDA5-\uDDAA\uDDAE-\uDDCA\uDDCD-\uDDFF\uDE70-\uDE73\uDE78-\uDE7A\uDE80-\uDE82\uDE90-\uDE95])\uFE0F|(?:[\u261D\u26F9\u270A-\u270D]|\uD83C[\uDF85\uDFC2-\uDFC4\uDFC7\uDFCA-\uDFCC]|\uD83D[\uDC42\uDC43\uDC46-\uDC50\uDC66-\uDC78\uDC7C\uDC81-\uDC83\uDC85-\uDC87\uDC8F\uDC91\uDCAA\uDD74\uDD75\uDD7A\uDD90\uDD95\uDD96\uDE45-\uDE47\uDE4B-\uDE4F\uDEA3\uDEB4-\uDEB6\uDEC0\uDECC]|\uD83E[\uDD0F\uDD18-\uDD1F\uDD26\uDD30-\uDD39\uDD3C-\uDD3E\uDDB5\uDDB6\uDDB8\uDDB9\uDDBB\uDDCD-\uDDCF\uDDD1-\uDDDD])/g;
};


/***/ }),

/***/ 813:
/***/ ((module) => {



module.exports = (flag, argv = process.argv) => {
	const prefix = flag.startsWith('-') ? '' : (flag.length === 1 ? '-' : '--');
	const position = argv.indexOf(prefix + flag);
	const terminatorPosition = argv.indexOf('--');
	return position !== -1 && (terminatorPosition === -1 || position < terminatorPosition);
};


/***/ }),

/***/ 756:
/***/ ((module) => {

const { hasOwnProperty } = Object.prototype

const encode = (obj, opt = {}) => {
  if (typeof opt === 'string') {
    opt = { section: opt }
  }
  opt.align = opt.align === true
  opt.newline = opt.newline === true
  opt.sort = opt.sort === true
  opt.whitespace = opt.whitespace === true || opt.align === true
  // The `typeof` check is required because accessing the `process` directly fails on browsers.
  /* istanbul ignore next */
  opt.platform = opt.platform || (typeof process !== 'undefined' && process.platform)
  opt.bracketedArray = opt.bracketedArray !== false

  /* istanbul ignore next */
  const eol = opt.platform === 'win32' ? '\r\n' : '\n'
  const separator = opt.whitespace ? ' = ' : '='
  const children = []

  const keys = opt.sort ? Object.keys(obj).sort() : Object.keys(obj)

  let padToChars = 0
  // If aligning on the separator, then padToChars is determined as follows:
  // 1. Get the keys
  // 2. Exclude keys pointing to objects unless the value is null or an array
  // 3. Add `[]` to array keys
  // 4. Ensure non empty set of keys
  // 5. Reduce the set to the longest `safe` key
  // 6. Get the `safe` length
  if (opt.align) {
    padToChars = safe(
      (
        keys
          .filter(k => obj[k] === null || Array.isArray(obj[k]) || typeof obj[k] !== 'object')
          .map(k => Array.isArray(obj[k]) ? `${k}[]` : k)
      )
        .concat([''])
        .reduce((a, b) => safe(a).length >= safe(b).length ? a : b)
    ).length
  }

  let out = ''
  const arraySuffix = opt.bracketedArray ? '[]' : ''

  for (const k of keys) {
    const val = obj[k]
    if (val && Array.isArray(val)) {
      for (const item of val) {
        out += safe(`${k}${arraySuffix}`).padEnd(padToChars, ' ') + separator + safe(item) + eol
      }
    } else if (val && typeof val === 'object') {
      children.push(k)
    } else {
      out += safe(k).padEnd(padToChars, ' ') + separator + safe(val) + eol
    }
  }

  if (opt.section && out.length) {
    out = '[' + safe(opt.section) + ']' + (opt.newline ? eol + eol : eol) + out
  }

  for (const k of children) {
    const nk = splitSections(k, '.').join('\\.')
    const section = (opt.section ? opt.section + '.' : '') + nk
    const child = encode(obj[k], {
      ...opt,
      section,
    })
    if (out.length && child.length) {
      out += eol
    }

    out += child
  }

  return out
}

function splitSections (str, separator) {
  var lastMatchIndex = 0
  var lastSeparatorIndex = 0
  var nextIndex = 0
  var sections = []

  do {
    nextIndex = str.indexOf(separator, lastMatchIndex)

    if (nextIndex !== -1) {
      lastMatchIndex = nextIndex + separator.length

      if (nextIndex > 0 && str[nextIndex - 1] === '\\') {
        continue
      }

      sections.push(str.slice(lastSeparatorIndex, nextIndex))
      lastSeparatorIndex = nextIndex + separator.length
    }
  } while (nextIndex !== -1)

  sections.push(str.slice(lastSeparatorIndex))

  return sections
}

const decode = (str, opt = {}) => {
  opt.bracketedArray = opt.bracketedArray !== false
  const out = Object.create(null)
  let p = out
  let section = null
  //          section          |key      = value
  const re = /^\[([^\]]*)\]\s*$|^([^=]+)(=(.*))?$/i
  const lines = str.split(/[\r\n]+/g)
  const duplicates = {}

  for (const line of lines) {
    if (!line || line.match(/^\s*[;#]/) || line.match(/^\s*$/)) {
      continue
    }
    const match = line.match(re)
    if (!match) {
      continue
    }
    if (match[1] !== undefined) {
      section = unsafe(match[1])
      if (section === '__proto__') {
        // not allowed
        // keep parsing the section, but don't attach it.
        p = Object.create(null)
        continue
      }
      p = out[section] = out[section] || Object.create(null)
      continue
    }
    const keyRaw = unsafe(match[2])
    let isArray
    if (opt.bracketedArray) {
      isArray = keyRaw.length > 2 && keyRaw.slice(-2) === '[]'
    } else {
      duplicates[keyRaw] = (duplicates?.[keyRaw] || 0) + 1
      isArray = duplicates[keyRaw] > 1
    }
    const key = isArray && keyRaw.endsWith('[]')
      ? keyRaw.slice(0, -2) : keyRaw

    if (key === '__proto__') {
      continue
    }
    const valueRaw = match[3] ? unsafe(match[4]) : true
    const value = valueRaw === 'true' ||
      valueRaw === 'false' ||
      valueRaw === 'null' ? JSON.parse(valueRaw)
      : valueRaw

    // Convert keys with '[]' suffix to an array
    if (isArray) {
      if (!hasOwnProperty.call(p, key)) {
        p[key] = []
      } else if (!Array.isArray(p[key])) {
        p[key] = [p[key]]
      }
    }

    // safeguard against resetting a previously defined
    // array by accidentally forgetting the brackets
    if (Array.isArray(p[key])) {
      p[key].push(value)
    } else {
      p[key] = value
    }
  }

  // {a:{y:1},"a.b":{x:2}} --> {a:{y:1,b:{x:2}}}
  // use a filter to return the keys that have to be deleted.
  const remove = []
  for (const k of Object.keys(out)) {
    if (!hasOwnProperty.call(out, k) ||
      typeof out[k] !== 'object' ||
      Array.isArray(out[k])) {
      continue
    }

    // see if the parent section is also an object.
    // if so, add it to that, and mark this one for deletion
    const parts = splitSections(k, '.')
    p = out
    const l = parts.pop()
    const nl = l.replace(/\\\./g, '.')
    for (const part of parts) {
      if (part === '__proto__') {
        continue
      }
      if (!hasOwnProperty.call(p, part) || typeof p[part] !== 'object') {
        p[part] = Object.create(null)
      }
      p = p[part]
    }
    if (p === out && nl === l) {
      continue
    }

    p[nl] = out[k]
    remove.push(k)
  }
  for (const del of remove) {
    delete out[del]
  }

  return out
}

const isQuoted = val => {
  return (val.startsWith('"') && val.endsWith('"')) ||
    (val.startsWith("'") && val.endsWith("'"))
}

const safe = val => {
  if (
    typeof val !== 'string' ||
    val.match(/[=\r\n]/) ||
    val.match(/^\[/) ||
    (val.length > 1 && isQuoted(val)) ||
    val !== val.trim()
  ) {
    return JSON.stringify(val)
  }
  return val.split(';').join('\\;').split('#').join('\\#')
}

const unsafe = val => {
  val = (val || '').trim()
  if (isQuoted(val)) {
    // remove the single quotes before calling JSON.parse
    if (val.charAt(0) === "'") {
      val = val.slice(1, -1)
    }
    try {
      val = JSON.parse(val)
    } catch {
      // ignore errors
    }
  } else {
    // walk the val to find the first not-escaped ; character
    let esc = false
    let unesc = ''
    for (let i = 0, l = val.length; i < l; i++) {
      const c = val.charAt(i)
      if (esc) {
        if ('\\;#'.indexOf(c) !== -1) {
          unesc += c
        } else {
          unesc += '\\' + c
        }

        esc = false
      } else if (';#'.indexOf(c) !== -1) {
        break
      } else if (c === '\\') {
        esc = true
      } else {
        unesc += c
      }
    }
    if (esc) {
      unesc += '\\'
    }

    return unesc.trim()
  }
  return val
}

module.exports = {
  parse: decode,
  decode,
  stringify: encode,
  encode,
  safe,
  unsafe,
}


/***/ }),

/***/ 519:
/***/ ((module) => {

/* eslint-disable yoda */


const isFullwidthCodePoint = codePoint => {
	if (Number.isNaN(codePoint)) {
		return false;
	}

	// Code points are derived from:
	// http://www.unix.org/Public/UNIDATA/EastAsianWidth.txt
	if (
		codePoint >= 0x1100 && (
			codePoint <= 0x115F || // Hangul Jamo
			codePoint === 0x2329 || // LEFT-POINTING ANGLE BRACKET
			codePoint === 0x232A || // RIGHT-POINTING ANGLE BRACKET
			// CJK Radicals Supplement .. Enclosed CJK Letters and Months
			(0x2E80 <= codePoint && codePoint <= 0x3247 && codePoint !== 0x303F) ||
			// Enclosed CJK Letters and Months .. CJK Unified Ideographs Extension A
			(0x3250 <= codePoint && codePoint <= 0x4DBF) ||
			// CJK Unified Ideographs .. Yi Radicals
			(0x4E00 <= codePoint && codePoint <= 0xA4C6) ||
			// Hangul Jamo Extended-A
			(0xA960 <= codePoint && codePoint <= 0xA97C) ||
			// Hangul Syllables
			(0xAC00 <= codePoint && codePoint <= 0xD7A3) ||
			// CJK Compatibility Ideographs
			(0xF900 <= codePoint && codePoint <= 0xFAFF) ||
			// Vertical Forms
			(0xFE10 <= codePoint && codePoint <= 0xFE19) ||
			// CJK Compatibility Forms .. Small Form Variants
			(0xFE30 <= codePoint && codePoint <= 0xFE6B) ||
			// Halfwidth and Fullwidth Forms
			(0xFF01 <= codePoint && codePoint <= 0xFF60) ||
			(0xFFE0 <= codePoint && codePoint <= 0xFFE6) ||
			// Kana Supplement
			(0x1B000 <= codePoint && codePoint <= 0x1B001) ||
			// Enclosed Ideographic Supplement
			(0x1F200 <= codePoint && codePoint <= 0x1F251) ||
			// CJK Unified Ideographs Extension B .. Tertiary Ideographic Plane
			(0x20000 <= codePoint && codePoint <= 0x3FFFD)
		)
	) {
		return true;
	}

	return false;
};

module.exports = isFullwidthCodePoint;
module.exports["default"] = isFullwidthCodePoint;


/***/ }),

/***/ 744:
/***/ ((module) => {

/**
 * Helpers.
 */

var s = 1000;
var m = s * 60;
var h = m * 60;
var d = h * 24;
var w = d * 7;
var y = d * 365.25;

/**
 * Parse or format the given `val`.
 *
 * Options:
 *
 *  - `long` verbose formatting [false]
 *
 * @param {String|Number} val
 * @param {Object} [options]
 * @throws {Error} throw an error if val is not a non-empty string or a number
 * @return {String|Number}
 * @api public
 */

module.exports = function (val, options) {
  options = options || {};
  var type = typeof val;
  if (type === 'string' && val.length > 0) {
    return parse(val);
  } else if (type === 'number' && isFinite(val)) {
    return options.long ? fmtLong(val) : fmtShort(val);
  }
  throw new Error(
    'val is not a non-empty string or a valid number. val=' +
      JSON.stringify(val)
  );
};

/**
 * Parse the given `str` and return milliseconds.
 *
 * @param {String} str
 * @return {Number}
 * @api private
 */

function parse(str) {
  str = String(str);
  if (str.length > 100) {
    return;
  }
  var match = /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i.exec(
    str
  );
  if (!match) {
    return;
  }
  var n = parseFloat(match[1]);
  var type = (match[2] || 'ms').toLowerCase();
  switch (type) {
    case 'years':
    case 'year':
    case 'yrs':
    case 'yr':
    case 'y':
      return n * y;
    case 'weeks':
    case 'week':
    case 'w':
      return n * w;
    case 'days':
    case 'day':
    case 'd':
      return n * d;
    case 'hours':
    case 'hour':
    case 'hrs':
    case 'hr':
    case 'h':
      return n * h;
    case 'minutes':
    case 'minute':
    case 'mins':
    case 'min':
    case 'm':
      return n * m;
    case 'seconds':
    case 'second':
    case 'secs':
    case 'sec':
    case 's':
      return n * s;
    case 'milliseconds':
    case 'millisecond':
    case 'msecs':
    case 'msec':
    case 'ms':
      return n;
    default:
      return undefined;
  }
}

/**
 * Short format for `ms`.
 *
 * @param {Number} ms
 * @return {String}
 * @api private
 */

function fmtShort(ms) {
  var msAbs = Math.abs(ms);
  if (msAbs >= d) {
    return Math.round(ms / d) + 'd';
  }
  if (msAbs >= h) {
    return Math.round(ms / h) + 'h';
  }
  if (msAbs >= m) {
    return Math.round(ms / m) + 'm';
  }
  if (msAbs >= s) {
    return Math.round(ms / s) + 's';
  }
  return ms + 'ms';
}

/**
 * Long format for `ms`.
 *
 * @param {Number} ms
 * @return {String}
 * @api private
 */

function fmtLong(ms) {
  var msAbs = Math.abs(ms);
  if (msAbs >= d) {
    return plural(ms, msAbs, d, 'day');
  }
  if (msAbs >= h) {
    return plural(ms, msAbs, h, 'hour');
  }
  if (msAbs >= m) {
    return plural(ms, msAbs, m, 'minute');
  }
  if (msAbs >= s) {
    return plural(ms, msAbs, s, 'second');
  }
  return ms + ' ms';
}

/**
 * Pluralization helper.
 */

function plural(ms, msAbs, n, name) {
  var isPlural = msAbs >= n * 1.5;
  return Math.round(ms / n) + ' ' + name + (isPlural ? 's' : '');
}


/***/ }),

/***/ 6:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(16);
const utils = __nccwpck_require__(59);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 595:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  __proto__: null,
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  DEFAULT_MAX_EXTGLOB_RECURSION,
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 265:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(595);
const utils = __nccwpck_require__(59);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

const splitTopLevel = input => {
  const parts = [];
  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let value = '';
  let escaped = false;

  for (const ch of input) {
    if (escaped === true) {
      value += ch;
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      value += ch;
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      value += ch;
      continue;
    }

    if (quote === 0) {
      if (ch === '[') {
        bracket++;
      } else if (ch === ']' && bracket > 0) {
        bracket--;
      } else if (bracket === 0) {
        if (ch === '(') {
          paren++;
        } else if (ch === ')' && paren > 0) {
          paren--;
        } else if (ch === '|' && paren === 0) {
          parts.push(value);
          value = '';
          continue;
        }
      }
    }

    value += ch;
  }

  parts.push(value);
  return parts;
};

const isPlainBranch = branch => {
  let escaped = false;

  for (const ch of branch) {
    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (/[?*+@!()[\]{}]/.test(ch)) {
      return false;
    }
  }

  return true;
};

const normalizeSimpleBranch = branch => {
  let value = branch.trim();
  let changed = true;

  while (changed === true) {
    changed = false;

    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
      value = value.slice(2, -1);
      changed = true;
    }
  }

  if (!isPlainBranch(value)) {
    return;
  }

  return value.replace(/\\(.)/g, '$1');
};

const hasRepeatedCharPrefixOverlap = branches => {
  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      const char = a[0];

      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
        continue;
      }

      if (a === b || a.startsWith(b) || b.startsWith(a)) {
        return true;
      }
    }
  }

  return false;
};

const parseRepeatedExtglob = (pattern, requireEnd = true) => {
  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
    return;
  }

  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let escaped = false;

  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i];

    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      continue;
    }

    if (quote === 1) {
      continue;
    }

    if (ch === '[') {
      bracket++;
      continue;
    }

    if (ch === ']' && bracket > 0) {
      bracket--;
      continue;
    }

    if (bracket > 0) {
      continue;
    }

    if (ch === '(') {
      paren++;
      continue;
    }

    if (ch === ')') {
      paren--;

      if (paren === 0) {
        if (requireEnd === true && i !== pattern.length - 1) {
          return;
        }

        return {
          type: pattern[0],
          body: pattern.slice(2, i),
          end: i
        };
      }
    }
  }
};

const buildCharClassStar = chars => {
  const source = chars.length === 1
    ? utils.escapeRegex(chars[0])
    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

  return `${source}*`;
};

const getStarExtglobSequenceChars = pattern => {
  let index = 0;
  const chars = [];

  while (index < pattern.length) {
    const match = parseRepeatedExtglob(pattern.slice(index), false);

    if (!match || match.type !== '*') {
      return;
    }

    const branches = splitTopLevel(match.body).map(branch => branch.trim());
    if (branches.length !== 1) {
      return;
    }

    const branch = normalizeSimpleBranch(branches[0]);
    if (!branch || branch.length !== 1) {
      return;
    }

    chars.push(branch);
    index += match.end + 1;
  }

  if (chars.length < 1) {
    return;
  }

  return chars;
};

const repeatedExtglobRecursion = pattern => {
  let depth = 0;
  let value = pattern.trim();
  let match = parseRepeatedExtglob(value);

  while (match) {
    depth++;
    value = match.body.trim();
    match = parseRepeatedExtglob(value);
  }

  return depth;
};

const analyzeRepeatedExtglob = (body, options) => {
  if (options.maxExtglobRecursion === false) {
    return { risky: false };
  }

  const max =
    typeof options.maxExtglobRecursion === 'number'
      ? options.maxExtglobRecursion
      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

  const branches = splitTopLevel(body).map(branch => branch.trim());

  if (branches.length > 1) {
    if (
      branches.some(branch => branch === '') ||
      branches.some(branch => /^[*?]+$/.test(branch)) ||
      hasRepeatedCharPrefixOverlap(branches)
    ) {
      return { risky: true };
    }
  }

  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
  // characters we can emit one flat, ReDoS-safe character class that preserves the
  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
  // every branch but the first.
  const safeChars = [];
  let sawStarSequence = false;
  let combinable = true;

  for (const branch of branches) {
    const chars = getStarExtglobSequenceChars(branch);
    if (chars) {
      sawStarSequence = true;
      safeChars.push(...chars);
      continue;
    }

    const literal = normalizeSimpleBranch(branch);
    if (literal && literal.length === 1) {
      safeChars.push(literal);
      continue;
    }

    combinable = false;

    if (repeatedExtglobRecursion(branch) > max) {
      return { risky: true };
    }
  }

  if (sawStarSequence) {
    return combinable
      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
      : { risky: true };
  }

  return { risky: false };
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    token.startIndex = state.index;
    token.tokensIndex = tokens.length;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    const literal = input.slice(token.startIndex, state.index + 1);
    const body = input.slice(token.startIndex + 2, state.index);
    const analysis = analyzeRepeatedExtglob(body, opts);

    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
      const safeOutput = analysis.safeOutput
        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
        : undefined;
      const open = tokens[token.tokensIndex];

      open.type = 'text';
      open.value = literal;
      open.output = safeOutput || utils.escapeRegex(literal);

      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
        tokens[i].value = '';
        tokens[i].output = '';
        delete tokens[i].suffix;
      }

      state.output = token.output + open.output;
      state.backtrack = true;

      push({ type: 'paren', extglob: true, value, output: '' });
      decrement('parens');
      return;
    }

    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      // A globstar followed only by balanced closing parens is at the logical end of patterns like
      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
      // parent path, except in negated extglobs where that would change the exclusion semantics.
      const isEnd = eos() || (
        state.parens > 0
        && rest === ')'.repeat(state.parens)
        && !extglobs.some(extglob => extglob.type === 'negate')
      );

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 16:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(781);
const parse = __nccwpck_require__(265);
const utils = __nccwpck_require__(59);
const constants = __nccwpck_require__(595);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 *
 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
 * const picomatch = require('picomatch/posix');
 * // the same API, defaulting to posix paths
 * const isMatch = picomatch('a/*');
 * console.log(isMatch('a\\b')); //=> false
 * console.log(isMatch('a/b')); //=> true
 *
 * // you can still configure the matcher function to accept windows paths
 * const isMatch = picomatch('a/*', { options: windows });
 * console.log(isMatch('a\\b')); //=> true
 * console.log(isMatch('a/b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input, { windows: posix }));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.makeRe(state[, options]);
 *
 * const result = picomatch.makeRe('*.js');
 * console.log(result);
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 781:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(59);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(595);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          let parens = 0;

          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }

            if (code === CHAR_LEFT_PARENTHESES) {
              parens++;
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        let parens = 1;

        while (eos() !== true && (code = advance())) {
          if (code === CHAR_BACKWARD_SLASH) {
            backslashes = token.backslashes = true;
            advance();
            continue;
          }

          if (code === CHAR_LEFT_PARENTHESES) {
            parens++;
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex !== undefined ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (i >= start) {
        parts.push(value);
        prevIndex = i;
      }
    }

    const n = prevIndex !== undefined ? prevIndex + 1 : start;
    const value = input.slice(n);
    parts.push(value);

    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
      tokens[tokens.length - 1].value = value;
      depth(tokens[tokens.length - 1]);
      state.maxDepth += tokens[tokens.length - 1].depth;
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 59:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(595);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
};


/***/ }),

/***/ 60:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


const stripAnsi = __nccwpck_require__(958);
const isFullwidthCodePoint = __nccwpck_require__(519);
const emojiRegex = __nccwpck_require__(872);

const stringWidth = string => {
	if (typeof string !== 'string' || string.length === 0) {
		return 0;
	}

	string = stripAnsi(string);

	if (string.length === 0) {
		return 0;
	}

	string = string.replace(emojiRegex(), '  ');

	let width = 0;

	for (let i = 0; i < string.length; i++) {
		const code = string.codePointAt(i);

		// Ignore control characters
		if (code <= 0x1F || (code >= 0x7F && code <= 0x9F)) {
			continue;
		}

		// Ignore combining characters
		if (code >= 0x300 && code <= 0x36F) {
			continue;
		}

		// Surrogates
		if (code > 0xFFFF) {
			i++;
		}

		width += isFullwidthCodePoint(code) ? 2 : 1;
	}

	return width;
};

module.exports = stringWidth;
// TODO: remove this in the next major version
module.exports["default"] = stringWidth;


/***/ }),

/***/ 958:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


const ansiRegex = __nccwpck_require__(21);

module.exports = string => typeof string === 'string' ? string.replace(ansiRegex(), '') : string;


/***/ }),

/***/ 450:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


const os = __nccwpck_require__(857);
const tty = __nccwpck_require__(18);
const hasFlag = __nccwpck_require__(813);

const {env} = process;

let forceColor;
if (hasFlag('no-color') ||
	hasFlag('no-colors') ||
	hasFlag('color=false') ||
	hasFlag('color=never')) {
	forceColor = 0;
} else if (hasFlag('color') ||
	hasFlag('colors') ||
	hasFlag('color=true') ||
	hasFlag('color=always')) {
	forceColor = 1;
}

if ('FORCE_COLOR' in env) {
	if (env.FORCE_COLOR === 'true') {
		forceColor = 1;
	} else if (env.FORCE_COLOR === 'false') {
		forceColor = 0;
	} else {
		forceColor = env.FORCE_COLOR.length === 0 ? 1 : Math.min(parseInt(env.FORCE_COLOR, 10), 3);
	}
}

function translateLevel(level) {
	if (level === 0) {
		return false;
	}

	return {
		level,
		hasBasic: true,
		has256: level >= 2,
		has16m: level >= 3
	};
}

function supportsColor(haveStream, streamIsTTY) {
	if (forceColor === 0) {
		return 0;
	}

	if (hasFlag('color=16m') ||
		hasFlag('color=full') ||
		hasFlag('color=truecolor')) {
		return 3;
	}

	if (hasFlag('color=256')) {
		return 2;
	}

	if (haveStream && !streamIsTTY && forceColor === undefined) {
		return 0;
	}

	const min = forceColor || 0;

	if (env.TERM === 'dumb') {
		return min;
	}

	if (process.platform === 'win32') {
		// Windows 10 build 10586 is the first Windows release that supports 256 colors.
		// Windows 10 build 14931 is the first release that supports 16m/TrueColor.
		const osRelease = os.release().split('.');
		if (
			Number(osRelease[0]) >= 10 &&
			Number(osRelease[2]) >= 10586
		) {
			return Number(osRelease[2]) >= 14931 ? 3 : 2;
		}

		return 1;
	}

	if ('CI' in env) {
		if (['TRAVIS', 'CIRCLECI', 'APPVEYOR', 'GITLAB_CI', 'GITHUB_ACTIONS', 'BUILDKITE'].some(sign => sign in env) || env.CI_NAME === 'codeship') {
			return 1;
		}

		return min;
	}

	if ('TEAMCITY_VERSION' in env) {
		return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? 1 : 0;
	}

	if (env.COLORTERM === 'truecolor') {
		return 3;
	}

	if ('TERM_PROGRAM' in env) {
		const version = parseInt((env.TERM_PROGRAM_VERSION || '').split('.')[0], 10);

		switch (env.TERM_PROGRAM) {
			case 'iTerm.app':
				return version >= 3 ? 3 : 2;
			case 'Apple_Terminal':
				return 2;
			// No default
		}
	}

	if (/-256(color)?$/i.test(env.TERM)) {
		return 2;
	}

	if (/^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i.test(env.TERM)) {
		return 1;
	}

	if ('COLORTERM' in env) {
		return 1;
	}

	return min;
}

function getSupportLevel(stream) {
	const level = supportsColor(stream, stream && stream.isTTY);
	return translateLevel(level);
}

module.exports = {
	supportsColor: getSupportLevel,
	stdout: translateLevel(supportsColor(true, tty.isatty(1))),
	stderr: translateLevel(supportsColor(true, tty.isatty(2)))
};


/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 785:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("readline");

/***/ }),

/***/ 18:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 404:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat */
/******/ 
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = new URL('.', import.meta.url).pathname.slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
// EXTERNAL MODULE: ./node_modules/cli-progress/cli-progress.js
var cli_progress = __nccwpck_require__(502);
;// CONCATENATED MODULE: ./src/databricks/auth-http.ts
/** A token endpoint (Databricks OIDC, Azure AD, GitHub ID tokens) failed or answered nonsense. */
class AuthError extends Error {
    flow;
    endpoint;
    status;
    constructor(message, 
    /** The auth type whose flow failed, e.g. `oauth-m2m`. */
    flow, 
    /** The URL called, without its query string. */
    endpoint, 
    /** The HTTP status, when there was an answer. */
    status) {
        super(message);
        this.flow = flow;
        this.endpoint = endpoint;
        this.status = status;
        this.name = 'AuthError';
    }
}
/** Every secret value seen so far, so the caller can mask them and errors can scrub them. */
class SecretSet {
    values = new Set();
    add(value) {
        if (value)
            this.values.add(value);
    }
    list() {
        return [...this.values];
    }
    /** Replaces any known secret in the text (a server may echo what it was sent). */
    scrub(text) {
        let out = text;
        for (const secret of this.values)
            if (secret.length >= 4)
                out = out.split(secret).join('***');
        return out;
    }
}
/** `oauth-m2m auth: token request POST https://…/oidc/v1/token answered HTTP 401 (…); check …` */
function failure(http, call, problem, status, hint = call.hint) {
    const endpoint = withoutQuery(call.url);
    const message = `${call.flow} auth: ${call.purpose} ${call.method} ${endpoint} ${problem}; ${hint}`;
    return new AuthError(http.secrets.scrub(oneLine(message)), call.flow, endpoint, status);
}
/**
 * Requests an OAuth access token. The lifetime comes from `expires_in` (relative, so immune to clock
 * skew) or else `expires_on` (epoch seconds, Azure AD v1).
 */
async function fetchAccessToken(http, call, now) {
    const requestedAt = now();
    const { json, status } = await callTokenEndpoint(http, call);
    const accessToken = json.access_token;
    if (typeof accessToken !== 'string' || !accessToken.trim())
        throw failure(http, call, `answered HTTP ${status} without an access_token`, status);
    http.secrets.add(accessToken);
    const expiresIn = readSeconds(json.expires_in);
    const expiresOn = readSeconds(json.expires_on);
    const expiresAt = expiresIn !== undefined
        ? requestedAt + expiresIn * 1000
        : expiresOn !== undefined
            ? expiresOn * 1000
            : undefined;
    return { accessToken, expiresAt };
}
/** Requests a GitHub Actions OIDC ID token (`{"value": "<JWT>"}`). */
async function fetchIdToken(http, call) {
    const { json, status } = await callTokenEndpoint(http, call);
    const value = json.value;
    if (typeof value !== 'string' || !value.trim())
        throw failure(http, call, `answered HTTP ${status} without a token value`, status);
    http.secrets.add(value);
    return value;
}
/** Calls a token endpoint and returns its JSON object; any failure becomes a one-line AuthError. */
async function callTokenEndpoint(http, call) {
    const fail = (problem, status, hint) => failure(http, call, problem, status, hint);
    const headers = { Accept: 'application/json', ...call.headers };
    let body;
    if (call.form) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(call.form).toString();
    }
    let response;
    let text;
    try {
        response = await http.fetch(call.url, {
            method: call.method,
            headers,
            body,
            redirect: 'manual',
            signal: AbortSignal.timeout(http.timeoutMs),
        });
        text = await response.text();
    }
    catch (error) {
        const err = error;
        if (err.name === 'TimeoutError' || err.name === 'AbortError')
            throw fail(`got no answer within ${http.timeoutMs / 1000} s`, undefined, 'check the network and the host');
        const detail = err.cause?.code ?? err.cause?.message ?? err.message;
        throw fail(`could not connect (${detail})`, undefined, 'check the URL and the network');
    }
    if (response.status < 200 || response.status >= 300) {
        throw fail(`answered HTTP ${response.status}${describeErrorBody(text, response)}`, response.status);
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        const type = (response.headers.get('content-type') ?? 'no content type').split(';')[0];
        throw fail(`answered HTTP ${response.status} with something that is not JSON (${type})`, response.status);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json))
        throw fail(`answered HTTP ${response.status} with JSON that is not an object`, response.status);
    return { json: json, status: response.status };
}
/** ` (invalid_client: Client authentication failed)` from OAuth, Databricks or plain-text error bodies. */
function describeErrorBody(text, response) {
    const trimmed = text.trim();
    let code = '';
    let description = '';
    if (trimmed.startsWith('{')) {
        try {
            const json = JSON.parse(trimmed);
            code = firstString(json.error, json.error_code);
            description = firstString(json.error_description, json.message, json.detail);
        }
        catch {
            description = '';
        }
    }
    else if (trimmed && !trimmed.startsWith('<') && trimmed.length <= 200) {
        description = trimmed;
    }
    // Azure AD appends trace/correlation ids and timestamps: noise in a one-line message.
    description = oneLine(description.split(/\s*Trace ID:/)[0]);
    if (description.length > 300)
        description = `${description.slice(0, 300)}...`;
    const parts = [code, description].filter(Boolean);
    if (parts.length === 0)
        return response.statusText ? ` ${response.statusText}` : '';
    return ` (${parts.join(': ')})`;
}
function firstString(...values) {
    for (const value of values)
        if (typeof value === 'string' && value.trim())
            return value.trim();
    return '';
}
function withoutQuery(url) {
    const index = url.search(/[?#]/);
    return index < 0 ? url : url.slice(0, index);
}
function oneLine(text) {
    return text.replace(/\s+/g, ' ').trim();
}
/** Reads seconds from a number or a numeric string (Azure AD v1 sends strings). */
function readSeconds(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return value;
    if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value))
        return Number(value);
    return undefined;
}
/** Tokens whose lifetime the server does not state are used for this long. */
const UNKNOWN_LIFETIME_MS = 5 * 60_000;
/**
 * Caches one token until `leadMs` before it expires (or half its lifetime, for very short-lived
 * tokens); concurrent callers share a single in-flight request, and a failed request is not cached.
 */
class TokenCache {
    fetchToken;
    now;
    leadMs;
    token;
    inFlight;
    constructor(fetchToken, now, leadMs) {
        this.fetchToken = fetchToken;
        this.now = now;
        this.leadMs = leadMs;
    }
    get() {
        if (this.token && this.now() < this.token.refreshAt)
            return Promise.resolve(this.token.accessToken);
        if (!this.inFlight) {
            const requestedAt = this.now();
            this.inFlight = this.fetchToken()
                .then((token) => {
                this.token = { accessToken: token.accessToken, refreshAt: this.refreshAt(token, requestedAt) };
                return token.accessToken;
            })
                .finally(() => {
                this.inFlight = undefined;
            });
        }
        return this.inFlight;
    }
    refreshAt(token, requestedAt) {
        const expiresAt = token.expiresAt ?? requestedAt + UNKNOWN_LIFETIME_MS;
        const lifetime = Math.max(0, expiresAt - requestedAt);
        return expiresAt - Math.min(this.leadMs, lifetime / 2);
    }
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
// EXTERNAL MODULE: ./node_modules/ini/lib/ini.js
var ini = __nccwpck_require__(756);
;// CONCATENATED MODULE: ./src/databricks/config.ts




/** A configuration problem the user has to fix. Always one line, saying what to do. */
class ConfigError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ConfigError';
    }
}
/** The one table of attributes: names, environment variables, types, auth groups (Go `config.go`). */
const CONFIG_ATTRIBUTES = [
    { field: 'host', keys: ['host'], env: ['DATABRICKS_HOST'], kind: 'string' },
    {
        field: 'token',
        keys: ['token'],
        env: ['DATABRICKS_TOKEN'],
        kind: 'string',
        auth: 'pat',
        sensitive: true,
    },
    { field: 'accountId', keys: ['account_id'], env: ['DATABRICKS_ACCOUNT_ID'], kind: 'string' },
    {
        field: 'profile',
        keys: ['profile'],
        env: ['DATABRICKS_CONFIG_PROFILE'],
        kind: 'string',
        notInFile: true,
    },
    {
        field: 'configFile',
        keys: ['config_file'],
        env: ['DATABRICKS_CONFIG_FILE'],
        kind: 'string',
        notInFile: true,
    },
    {
        field: 'azureWorkspaceResourceId',
        keys: ['azure_workspace_resource_id'],
        env: ['DATABRICKS_AZURE_RESOURCE_ID'],
        kind: 'string',
        auth: 'azure',
    },
    { field: 'azureUseMsi', keys: ['azure_use_msi'], env: ['ARM_USE_MSI'], kind: 'bool', auth: 'azure' },
    {
        field: 'azureClientSecret',
        keys: ['azure_client_secret'],
        env: ['ARM_CLIENT_SECRET'],
        kind: 'string',
        auth: 'azure',
        sensitive: true,
    },
    {
        field: 'azureClientId',
        keys: ['azure_client_id'],
        env: ['ARM_CLIENT_ID'],
        kind: 'string',
        auth: 'azure',
    },
    {
        field: 'azureTenantId',
        keys: ['azure_tenant_id'],
        env: ['ARM_TENANT_ID'],
        kind: 'string',
        auth: 'azure',
    },
    { field: 'azureEnvironment', keys: ['azure_environment'], env: ['ARM_ENVIRONMENT'], kind: 'string' },
    {
        field: 'azureAuthorityHost',
        keys: ['azure_authority_host'],
        env: ['AZURE_AUTHORITY_HOST'],
        kind: 'string',
    },
    { field: 'clientId', keys: ['client_id'], env: ['DATABRICKS_CLIENT_ID'], kind: 'string', auth: 'oauth' },
    {
        field: 'clientSecret',
        keys: ['client_secret'],
        env: ['DATABRICKS_CLIENT_SECRET'],
        kind: 'string',
        auth: 'oauth',
        sensitive: true,
    },
    { field: 'authType', keys: ['auth_type'], env: ['DATABRICKS_AUTH_TYPE'], kind: 'string' },
    {
        field: 'tokenAudience',
        keys: ['audience', 'token_audience'],
        env: ['DATABRICKS_TOKEN_AUDIENCE'],
        kind: 'string',
    },
    { field: 'httpTimeoutSeconds', keys: ['http_timeout_seconds'], env: [], kind: 'int', min: 1 },
    { field: 'retryTimeoutSeconds', keys: ['retry_timeout_seconds'], env: [], kind: 'int' },
    { field: 'rateLimit', keys: ['rate_limit'], env: ['DATABRICKS_RATE_LIMIT'], kind: 'int', min: 1 },
];
const SPEC_BY_FIELD = new Map(CONFIG_ATTRIBUTES.map((spec) => [spec.field, spec]));
const DEFAULT_CONFIG_FILE = '~/.databrickscfg';
const SETTINGS_SECTION = '__settings__';
const DEFAULT_PROFILE = 'DEFAULT';
const AZURE_CLOUDS = {
    PUBLIC: {
        name: 'PUBLIC',
        activeDirectoryEndpoint: 'https://login.microsoftonline.com',
        serviceManagementEndpoint: 'https://management.core.windows.net/',
    },
    USGOVERNMENT: {
        name: 'USGOVERNMENT',
        activeDirectoryEndpoint: 'https://login.microsoftonline.us',
        serviceManagementEndpoint: 'https://management.core.usgovcloudapi.net/',
    },
    CHINA: {
        name: 'CHINA',
        activeDirectoryEndpoint: 'https://login.chinacloudapi.cn',
        serviceManagementEndpoint: 'https://management.core.chinacloudapi.cn/',
    },
};
/** The AzureDatabricks first-party application: the `resource` of every AAD token for a workspace. */
const AZURE_DATABRICKS_RESOURCE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d';
/** Azure Databricks DNS zones -> cloud and AzureDatabricks application id (Go `environments.go`). */
const AZURE_DNS_ZONES = [
    {
        zone: '.dev.azuredatabricks.net',
        cloud: 'PUBLIC',
        applicationId: '62a912ac-b58e-4c1d-89ea-b2dbfc7358fc',
    },
    {
        zone: '.staging.azuredatabricks.net',
        cloud: 'PUBLIC',
        applicationId: '4a67d088-db5c-48f1-9ff2-0aace800ae68',
    },
    { zone: '.azuredatabricks.net', cloud: 'PUBLIC', applicationId: AZURE_DATABRICKS_RESOURCE },
    { zone: '.databricks.azure.us', cloud: 'USGOVERNMENT', applicationId: AZURE_DATABRICKS_RESOURCE },
    { zone: '.databricks.azure.cn', cloud: 'CHINA', applicationId: AZURE_DATABRICKS_RESOURCE },
];
function hostname(host) {
    try {
        return new URL(host).hostname;
    }
    catch {
        return '';
    }
}
/** Whether the host is an Azure Databricks workspace (by DNS zone) or a resource id is configured. */
function isAzureWorkspace(config) {
    if (config.azureWorkspaceResourceId)
        return true;
    const name = hostname(config.host);
    return AZURE_DNS_ZONES.some((z) => name.endsWith(z.zone));
}
/** Whether the host is the accounts console rather than a workspace (Go `HostType`). */
function isAccountHost(host) {
    return host.startsWith('https://accounts.') || host.startsWith('https://accounts-dod.');
}
/** The AAD `resource` for this workspace's tokens (differs only for Databricks' own dev/staging). */
function azureResourceFor(config) {
    const name = hostname(config.host);
    return AZURE_DNS_ZONES.find((z) => name.endsWith(z.zone))?.applicationId ?? AZURE_DATABRICKS_RESOURCE;
}
/** The Azure cloud: `azureEnvironment` if set, else inferred from the host, else PUBLIC. */
function azureCloudFor(config) {
    if (config.azureEnvironment) {
        const cloud = AZURE_CLOUDS[config.azureEnvironment.toUpperCase()];
        if (!cloud)
            throw new ConfigError(`Unknown Azure environment '${config.azureEnvironment}' (${describeSource(config, 'azureEnvironment')}): use one of ${Object.keys(AZURE_CLOUDS).join(', ')}`);
        return cloud;
    }
    const name = hostname(config.host);
    return AZURE_CLOUDS[AZURE_DNS_ZONES.find((z) => name.endsWith(z.zone))?.cloud ?? 'PUBLIC'];
}
/** `https://login.microsoftonline.com` unless configured or implied by the Azure cloud. */
function azureAuthorityFor(config) {
    return (config.azureAuthorityHost ?? azureCloudFor(config).activeDirectoryEndpoint).replace(/\/+$/, '');
}
/** Says where an attribute's value came from, e.g. `from DATABRICKS_HOST`. */
function describeSource(config, field) {
    return sourceText(config.sources?.[field], field);
}
/** Explicit values are the action inputs / CLI options, which are named in kebab-case (`client-id`). */
function sourceText(source, field) {
    if (!source || source.kind === 'explicit')
        return `from input '${attributeName(field).replace(/_/g, '-')}'`;
    switch (source.kind) {
        case 'env':
            return `from ${source.name}`;
        case 'profile':
            return `from profile [${source.profile}] in ${source.file}`;
        case 'default':
            return source.reason ? `default: ${source.reason}` : 'default';
    }
}
/** `client_id (from DATABRICKS_CLIENT_ID)`: the attribute's canonical name and where its value came from. */
function describeAttribute(config, field) {
    return `${attributeName(field)} (${describeSource(config, field)})`;
}
/** The canonical snake_case attribute name (also the `.databrickscfg` key). */
function attributeName(field) {
    return SPEC_BY_FIELD.get(field)?.keys[0] ?? field;
}
/** The environment variable that sets an attribute, if any. */
function attributeEnvVar(field) {
    return SPEC_BY_FIELD.get(field)?.env[0];
}
/** The sensitive attribute values present in the config (to mask them in logs). */
function configSecrets(config) {
    const out = [];
    for (const spec of CONFIG_ATTRIBUTES) {
        const value = config[spec.field];
        if (spec.sensitive && typeof value === 'string' && value)
            out.push(value);
    }
    return out;
}
function authAttributesSet(config) {
    const groups = new Map();
    for (const spec of CONFIG_ATTRIBUTES) {
        if (!spec.auth || !isSet(config[spec.field]))
            continue;
        const list = groups.get(spec.auth) ?? [];
        list.push(spec.field);
        groups.set(spec.auth, list);
    }
    return groups;
}
/** The auth attributes that are set, with their sources, e.g. `client_id (from DATABRICKS_CLIENT_ID)`. */
function describeAuthAttributes(config) {
    return [...authAttributesSet(config).values()].flat().map((field) => describeAttribute(config, field));
}
/**
 * Attributes of more than one auth method without `auth_type` is an error (Go `attributes.Validate`):
 * guessing which one the user meant could authenticate as the wrong principal.
 */
function checkAuthConflicts(config) {
    if (config.authType)
        return;
    const groups = authAttributesSet(config);
    if (groups.size <= 1)
        return;
    const parts = [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([group, fields]) => `${group} (${fields.map((f) => describeAttribute(config, f)).join(', ')})`);
    throw new ConfigError(`More than one Databricks auth method is configured: ${parts.join(' and ')}: set auth_type (DATABRICKS_AUTH_TYPE) to the one to use, or unset the others`);
}
function isSet(value) {
    return value !== undefined && value !== '' && value !== false;
}
/**
 * Resolves the configuration: explicit > environment variables > `.databrickscfg` profile, each only
 * filling attributes still unset (Go loaders `ConfigAttributes` then `ConfigFile`). Throws ConfigError.
 */
function resolveConfig(input = {}) {
    const env = input.env ?? {};
    const values = {};
    const sources = {};
    for (const spec of CONFIG_ATTRIBUTES) {
        const raw = input.explicit?.[spec.field];
        if (raw === undefined || raw === null)
            continue;
        const value = parseValue(spec, raw, sourceText({ kind: 'explicit' }, spec.field));
        if (value === undefined)
            continue;
        values[spec.field] = value;
        sources[spec.field] = { kind: 'explicit' };
    }
    for (const spec of CONFIG_ATTRIBUTES) {
        if (values[spec.field] !== undefined)
            continue;
        for (const name of spec.env) {
            const value = parseValue(spec, env[name], `from ${name}`);
            if (value === undefined)
                continue;
            values[spec.field] = value;
            sources[spec.field] = { kind: 'env', name };
            break;
        }
    }
    const home = input.homeDir ?? (0,external_node_os_namespaceObject.homedir)();
    const configFile = expandHome(String(values.configFile ?? DEFAULT_CONFIG_FILE), home);
    values.configFile = configFile;
    sources.configFile ??= { kind: 'default' };
    // Go `config_file.go` (issue #304): credentials given directly win over the file entirely.
    const selectedProfile = values.profile;
    const directlyConfigured = CONFIG_ATTRIBUTES.filter((spec) => (spec.auth || spec.field === 'host') && isSet(values[spec.field]));
    let skippedFileBecause;
    if (!selectedProfile && directlyConfigured.length > 0)
        skippedFileBecause = directlyConfigured[0];
    else
        loadProfile(configFile, selectedProfile, values, sources);
    if (values.host === undefined) {
        let hint = '';
        if (skippedFileBecause) {
            const why = `${skippedFileBecause.keys[0]} (${sourceText(sources[skippedFileBecause.field], skippedFileBecause.field)})`;
            hint = ` (${configFile} was not read because ${why} is set and no profile was selected: set DATABRICKS_CONFIG_PROFILE to use it)`;
        }
        throw new ConfigError(`No Databricks host: set the 'host' input, DATABRICKS_HOST, or a profile in ${displayPath(configFile, home)}${hint}`);
    }
    // Each value was parsed by its spec's kind, which matches the interface's field type.
    const config = { ...values, host: String(values.host), sources };
    config.host = normalizeHost(config.host, describeSource(config, 'host'));
    if (config.azureEnvironment !== undefined)
        config.azureEnvironment = azureCloudFor(config).name;
    if (config.azureAuthorityHost !== undefined) {
        config.azureAuthorityHost = normalizeUrl(config.azureAuthorityHost, describeAttribute(config, 'azureAuthorityHost'));
    }
    else {
        const cloud = azureCloudFor(config);
        config.azureAuthorityHost = cloud.activeDirectoryEndpoint;
        sources.azureAuthorityHost = { kind: 'default', reason: `Azure ${cloud.name} cloud` };
    }
    checkAuthConflicts(config);
    return config;
}
/**
 * Normalizes a workspace URL: adds `https://` when there is no scheme, drops path, query and trailing
 * slash. `http://` is kept (the local emulator is plain HTTP).
 */
function normalizeHost(host, where) {
    const text = host.trim();
    const origin = where ? ` (${where})` : '';
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
    let url;
    try {
        url = new URL(withScheme);
    }
    catch {
        throw new ConfigError(`Invalid Databricks host '${host}'${origin}: expected a workspace URL like https://adb-1234567890123456.7.azuredatabricks.net`);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
        throw new ConfigError(`Invalid Databricks host '${host}'${origin}: expected an https:// (or http://) workspace URL like https://dbc-a1b2c3d4-e5f6.cloud.databricks.com`);
    }
    return `${url.protocol}//${url.host}`;
}
function normalizeUrl(value, what) {
    try {
        const url = new URL(value.includes('://') ? value : `https://${value}`);
        return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
    }
    catch {
        throw new ConfigError(`Invalid URL '${value}' for ${what}: expected e.g. https://login.microsoftonline.com`);
    }
}
function parseValue(spec, raw, where) {
    if (raw === undefined || raw === null)
        return undefined;
    if (spec.kind === 'string') {
        const text = String(raw).trim();
        return text === '' ? undefined : text;
    }
    if (spec.kind === 'bool') {
        if (typeof raw === 'boolean')
            return raw;
        const text = String(raw).trim();
        if (text === '')
            return undefined;
        if (/^(1|t|true)$/i.test(text))
            return true;
        if (/^(0|f|false)$/i.test(text))
            return false;
        throw new ConfigError(`${spec.keys[0]} must be true or false, got '${text}' (${where})`);
    }
    const text = String(raw).trim();
    if (text === '')
        return undefined;
    const number = Number(text);
    if (!/^-?\d+$/.test(text) ||
        !Number.isSafeInteger(number) ||
        (spec.min !== undefined && number < spec.min)) {
        const expected = spec.min === undefined ? 'a whole number' : `a whole number >= ${spec.min}`;
        throw new ConfigError(`${spec.keys[0]} must be ${expected}, got '${text}' (${where})`);
    }
    return number;
}
function expandHome(path, home) {
    if (path === '~')
        return home;
    if (path.startsWith('~/') || path.startsWith('~\\'))
        return (0,external_node_path_namespaceObject.join)(home, path.slice(2));
    return path;
}
function displayPath(path, home) {
    return path === (0,external_node_path_namespaceObject.join)(home, '.databrickscfg') ? DEFAULT_CONFIG_FILE : path;
}
/** Fills still-unset attributes from the selected (or default) profile of the config file. */
function loadProfile(file, selected, values, sources) {
    let text;
    try {
        text = (0,external_node_fs_namespaceObject.readFileSync)(file, 'utf8');
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' && !selected)
            return;
        if (code === 'ENOENT')
            throw new ConfigError(`Profile '${selected}' is selected (${sourceText(sources.profile, 'profile')}) but ${file} does not exist: create it, or set DATABRICKS_CONFIG_FILE to the right file`);
        throw new ConfigError(`Cannot read ${file} (${code ?? error.message}): fix its permissions or set DATABRICKS_CONFIG_FILE`);
    }
    const sections = parseDatabricksCfg(text);
    const settingsDefault = sections.get(SETTINGS_SECTION)?.default_profile?.trim();
    const name = selected ?? (settingsDefault || DEFAULT_PROFILE);
    const why = selected
        ? sourceText(sources.profile, 'profile')
        : settingsDefault
            ? `default_profile in [${SETTINGS_SECTION}]`
            : undefined;
    if (name === SETTINGS_SECTION)
        throw new ConfigError(`[${SETTINGS_SECTION}] in ${file} holds settings, not a profile: select another profile`);
    const section = sections.get(name);
    if (!section || Object.keys(section).length === 0) {
        // Only the implicit DEFAULT may be absent (Go: `isFallback`).
        if (!why)
            return;
        const available = [...sections.entries()]
            .filter(([n, keys]) => n !== SETTINGS_SECTION && Object.keys(keys).length > 0)
            .map(([n]) => n);
        const list = available.length
            ? `available profiles: ${available.join(', ')}`
            : 'the file has no profiles';
        throw new ConfigError(`Profile '${name}' (${why}) is not in ${file}; ${list}`);
    }
    for (const spec of CONFIG_ATTRIBUTES) {
        if (spec.notInFile || values[spec.field] !== undefined)
            continue;
        for (const key of spec.keys) {
            const value = parseValue(spec, section[key], `from profile [${name}] in ${file}`);
            if (value === undefined)
                continue;
            values[spec.field] = value;
            sources[spec.field] = { kind: 'profile', profile: name, file };
            break;
        }
    }
    if (values.profile === undefined) {
        values.profile = name;
        sources.profile = why ? { kind: 'default', reason: why } : { kind: 'default' };
    }
}
/**
 * Parses `.databrickscfg` with the `ini` package, made to read the file the way the Go SDK does
 * (`gopkg.in/ini` with `SpaceBeforeInlineComment`): `#`/`;` start an inline comment only after
 * whitespace (secrets may contain them), backslashes are literal, dotted section names are profile
 * names (not nesting), `true`/`false` stay strings, and keys before any section belong to DEFAULT.
 */
function parseDatabricksCfg(text) {
    const escaped = text.split(/\r?\n/).map(escapeIniLine).join('\n');
    const parsed = (0,ini.decode)(escaped);
    const sections = new Map();
    const addSection = (name, body) => {
        const keys = sections.get(name) ?? {};
        for (const [key, value] of Object.entries(body)) {
            if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number')
                keys[key] = String(value);
            else if (value === null)
                keys[key] = 'null';
            else if (typeof value === 'object' && !Array.isArray(value))
                addSection(`${name}.${key}`, value);
        }
        sections.set(name, keys);
    };
    // Keys before the first section are DEFAULT's; a later [DEFAULT] section overrides them.
    const entries = Object.entries(parsed);
    const isSection = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
    addSection(DEFAULT_PROFILE, Object.fromEntries(entries.filter(([, v]) => !isSection(v))));
    for (const [key, value] of entries)
        if (isSection(value))
            addSection(key, value);
    return sections;
}
/**
 * Rewrites one line so that `ini` reads the value literally: quoted values become a JSON string (ini
 * JSON-parses quoted values), unquoted ones get their backslashes and comment characters that do not
 * follow whitespace escaped (ini treats any `#`/`;` as the start of a comment).
 */
function escapeIniLine(raw) {
    const line = raw.trim();
    if (line === '' || /^[;#[]/.test(line))
        return line;
    const eq = line.indexOf('=');
    if (eq <= 0)
        return line;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const quoted = /^(?:"([^"]*)"|'([^']*)')(?:\s+[;#].*)?$/.exec(value);
    if (quoted)
        return `${key}=${JSON.stringify(quoted[1] ?? quoted[2])}`;
    const literal = value.replace(/\\/g, '\\\\').replace(/(?<!\s)[;#]/g, '\\$&');
    return `${key}=${literal}`;
}

;// CONCATENATED MODULE: ./src/databricks/auth.ts



/** The auth types databricks-dr implements, in the Go SDK's default-chain order. */
const SUPPORTED_AUTH_TYPES = [
    'pat',
    'oauth-m2m',
    'github-oidc',
    'github-oidc-azure',
    'azure-client-secret',
];
/** Auth types of the Go/Python SDKs that are not implemented here (for a precise message). */
const UNSUPPORTED_AUTH_TYPES = [
    'basic',
    'databricks-cli',
    'metadata-service',
    'azure-devops-oidc',
    'env-oidc',
    'file-oidc',
    'azure-msi',
    'azure-cli',
    'google-credentials',
    'google-id',
    'runtime',
    'external-browser',
    'model-serving',
];
/** Refresh Databricks OAuth tokens this long before they expire. */
const DATABRICKS_REFRESH_LEAD_MS = 30_000;
/** "Azure Databricks rejects tokens that expire in 30 seconds or less" (Go SDK): refresh 40 s before. */
const AZURE_REFRESH_LEAD_MS = 40_000;
const DEFAULT_HTTP_TIMEOUT_SECONDS = 60;
const GITHUB_AZURE_AUDIENCE = 'api://AzureADTokenExchange';
const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/**
 * Picks the auth method (`authType`, or the first whose attributes are present, in Go chain order) and
 * returns its credentials. Configuration problems throw ConfigError now; token endpoint failures throw
 * AuthError from `headers()`.
 */
function createCredentials(config, deps) {
    const env = deps.env ?? {};
    const secrets = new SecretSet();
    for (const secret of configSecrets(config))
        secrets.add(secret);
    const github = githubOidcFrom(env);
    secrets.add(github?.requestToken);
    const ctx = {
        config,
        http: {
            fetch: deps.fetch,
            timeoutMs: (config.httpTimeoutSeconds ?? DEFAULT_HTTP_TIMEOUT_SECONDS) * 1000,
            secrets,
        },
        now: deps.now ?? Date.now,
        secrets,
        github,
    };
    const authType = selectAuthType(config, github);
    switch (authType) {
        case 'pat':
            return patCredentials(ctx);
        case 'oauth-m2m':
            return oauthM2mCredentials(ctx);
        case 'github-oidc':
            return githubOidcCredentials(ctx);
        case 'github-oidc-azure':
            return githubOidcAzureCredentials(ctx);
        case 'azure-client-secret':
            return azureClientSecretCredentials(ctx);
    }
}
function githubOidcFrom(env) {
    const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim();
    return requestUrl && requestToken ? { requestUrl, requestToken } : undefined;
}
const GITHUB_OIDC_MISSING = 'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: run it in GitHub Actions with `permissions: id-token: write`';
/** `auth_type` if set, else the first method whose attributes are present (Go default chain). */
function selectAuthType(config, github) {
    if (config.authType)
        return checkExplicitAuthType(config, github);
    checkAuthConflicts(config);
    const c = config;
    // The Go SDK only tries Azure methods against Azure workspaces.
    const azure = isAzureWorkspace(c);
    if (c.token)
        return 'pat';
    if (c.clientId && c.clientSecret)
        return 'oauth-m2m';
    if (c.clientId && github)
        return 'github-oidc';
    if (azure && c.azureClientId && c.azureTenantId && !c.azureClientSecret && github)
        return 'github-oidc-azure';
    if (azure && c.azureClientId && c.azureTenantId && c.azureClientSecret)
        return 'azure-client-secret';
    throw new ConfigError(noCredentialsMessage(config, github));
}
function checkExplicitAuthType(config, github) {
    const name = config.authType ?? '';
    const where = describeSource(config, 'authType');
    const supported = SUPPORTED_AUTH_TYPES.join(', ');
    if (!SUPPORTED_AUTH_TYPES.includes(name)) {
        if (UNSUPPORTED_AUTH_TYPES.includes(name))
            throw new ConfigError(`auth_type '${name}' (${where}) is not supported by databricks-dr: use one of ${supported}`);
        throw new ConfigError(`Unknown auth_type '${name}' (${where}): use one of ${supported}`);
    }
    const authType = name;
    const required = {
        pat: ['token'],
        'oauth-m2m': ['clientId', 'clientSecret'],
        'github-oidc': [],
        'github-oidc-azure': ['azureClientId', 'azureTenantId'],
        'azure-client-secret': ['azureClientId', 'azureTenantId', 'azureClientSecret'],
    };
    const missing = required[authType].filter((field) => !config[field]);
    if (missing.length > 0) {
        const list = missing.map((field) => attributeHint(field)).join(', ');
        throw new ConfigError(`auth_type '${authType}' (${where}) needs ${list}: set them, or choose another auth_type`);
    }
    if ((authType === 'github-oidc' || authType === 'github-oidc-azure') && !github)
        throw new ConfigError(`auth_type '${authType}' (${where}) needs a GitHub Actions OIDC token, but ${GITHUB_OIDC_MISSING}`);
    return authType;
}
const ATTRIBUTE_HINTS = {
    token: 'token (DATABRICKS_TOKEN)',
    clientId: 'client_id (DATABRICKS_CLIENT_ID)',
    clientSecret: 'client_secret (DATABRICKS_CLIENT_SECRET)',
    azureClientId: 'azure_client_id (ARM_CLIENT_ID)',
    azureTenantId: 'azure_tenant_id (ARM_TENANT_ID)',
    azureClientSecret: 'azure_client_secret (ARM_CLIENT_SECRET)',
};
function attributeHint(field) {
    return ATTRIBUTE_HINTS[field] ?? field;
}
function noCredentialsMessage(config, github) {
    const found = describeAuthAttributes(config);
    const notes = [];
    if (found.length)
        notes.push(`found only ${found.join(', ')}`);
    if (config.azureClientId && config.azureTenantId && !isAzureWorkspace(config))
        notes.push(`${config.host} is not an Azure Databricks host, so Azure credentials are not tried: set auth_type (DATABRICKS_AUTH_TYPE) to azure-client-secret or github-oidc-azure to use them anyway`);
    if (config.azureUseMsi)
        notes.push('Azure managed identity (azure_use_msi) is not supported');
    if ((config.clientId || config.azureClientId) && !github)
        notes.push(`no GitHub Actions OIDC token (${GITHUB_OIDC_MISSING})`);
    const context = notes.length ? ` (${notes.join('; ')})` : '';
    return (`No usable Databricks credentials for ${config.host}${context}: set token (DATABRICKS_TOKEN) for pat; ` +
        'client_id and client_secret (DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET) for oauth-m2m; ' +
        'client_id (DATABRICKS_CLIENT_ID) in GitHub Actions with `permissions: id-token: write` for github-oidc; ' +
        'azure_client_id, azure_tenant_id and azure_client_secret (ARM_CLIENT_ID, ARM_TENANT_ID, ARM_CLIENT_SECRET) for azure-client-secret; ' +
        'azure_client_id and azure_tenant_id in GitHub Actions for github-oidc-azure; ' +
        `either as inputs, environment variables or in a profile of ${config.configFile ?? DEFAULT_CONFIG_FILE}`);
}
function staticCredentials(authType, ctx, headers) {
    return { authType, headers, secrets: () => ctx.secrets.list() };
}
function patCredentials(ctx) {
    const token = ctx.config.token ?? '';
    return staticCredentials('pat', ctx, async () => ({ Authorization: `Bearer ${token}` }));
}
/** Databricks OAuth with a service principal secret (client credentials, HTTP Basic). */
function oauthM2mCredentials(ctx) {
    const { config } = ctx;
    const tokenEndpoint = databricksTokenEndpoint(ctx);
    const basic = Buffer.from(`${formEncode(config.clientId ?? '')}:${formEncode(config.clientSecret ?? '')}`).toString('base64');
    const cache = new TokenCache(async () => fetchAccessToken(ctx.http, {
        flow: 'oauth-m2m',
        purpose: 'token request',
        method: 'POST',
        url: await tokenEndpoint(),
        headers: { Authorization: `Basic ${basic}` },
        form: { grant_type: 'client_credentials', scope: 'all-apis' },
        hint: `check ${describeAttribute(config, 'clientId')} and ${describeAttribute(config, 'clientSecret')} are an OAuth secret of a service principal of this workspace`,
    }, ctx.now), ctx.now, DATABRICKS_REFRESH_LEAD_MS);
    return bearerCredentials('oauth-m2m', ctx, cache);
}
/** GitHub Actions OIDC token exchanged at the Databricks token endpoint (workload identity federation). */
function githubOidcCredentials(ctx) {
    const { config } = ctx;
    const github = ctx.github;
    const tokenEndpoint = databricksTokenEndpoint(ctx);
    const cache = new TokenCache(async () => {
        const url = await tokenEndpoint();
        const audience = config.tokenAudience || (isAccountHost(config.host) && config.accountId ? config.accountId : url);
        const jwt = await requestGitHubIdToken(ctx, github, audience, 'github-oidc');
        const principal = config.clientId
            ? `the service principal ${describeAttribute(config, 'clientId')} has a federation policy`
            : 'the account has a federation policy';
        const form = {
            grant_type: TOKEN_EXCHANGE_GRANT,
            subject_token: jwt,
            subject_token_type: JWT_TOKEN_TYPE,
            scope: 'all-apis',
        };
        if (config.clientId)
            form.client_id = config.clientId;
        return fetchAccessToken(ctx.http, {
            flow: 'github-oidc',
            purpose: 'token exchange',
            method: 'POST',
            url,
            form,
            hint: `check that ${principal} accepting this workflow's tokens (issuer https://token.actions.githubusercontent.com, audience ${audience})`,
        }, ctx.now);
    }, ctx.now, DATABRICKS_REFRESH_LEAD_MS);
    return bearerCredentials('github-oidc', ctx, cache);
}
/** GitHub Actions OIDC token used as a client assertion at Azure AD (federated credential). */
function githubOidcAzureCredentials(ctx) {
    const { config } = ctx;
    const github = ctx.github;
    const url = `${azureAuthorityFor(config)}/${config.azureTenantId}/oauth2/token`;
    const resource = azureResourceFor(config);
    const cache = new TokenCache(async () => {
        // A fresh JWT for every AAD request: GitHub's ID tokens expire after minutes.
        const jwt = await requestGitHubIdToken(ctx, github, GITHUB_AZURE_AUDIENCE, 'github-oidc-azure');
        return fetchAccessToken(ctx.http, {
            flow: 'github-oidc-azure',
            purpose: 'Azure AD token request',
            method: 'POST',
            url,
            form: {
                grant_type: 'client_credentials',
                resource,
                client_id: config.azureClientId ?? '',
                client_assertion_type: JWT_BEARER_ASSERTION,
                client_assertion: jwt,
            },
            hint: `check that the app ${describeAttribute(config, 'azureClientId')} in tenant ${describeAttribute(config, 'azureTenantId')} has a federated credential for this workflow (audience ${GITHUB_AZURE_AUDIENCE})`,
        }, ctx.now);
    }, ctx.now, AZURE_REFRESH_LEAD_MS);
    return bearerCredentials('github-oidc-azure', ctx, cache);
}
/**
 * Azure AD service principal secret (AAD v1 client credentials). Also sends a token for the Azure
 * Service Management endpoint and the workspace resource id, as the Go SDK does, so that an SP with
 * Azure RBAC on the workspace can be added to it on first use.
 */
function azureClientSecretCredentials(ctx) {
    const { config } = ctx;
    const url = `${azureAuthorityFor(config)}/${config.azureTenantId}/oauth2/token`;
    const hint = `check ${describeAttribute(config, 'azureTenantId')}, ${describeAttribute(config, 'azureClientId')} and ${describeAttribute(config, 'azureClientSecret')}`;
    const tokenFor = (resource, purpose) => new TokenCache(() => fetchAccessToken(ctx.http, {
        flow: 'azure-client-secret',
        purpose,
        method: 'POST',
        url,
        form: {
            grant_type: 'client_credentials',
            client_id: config.azureClientId ?? '',
            client_secret: config.azureClientSecret ?? '',
            resource,
        },
        hint,
    }, ctx.now), ctx.now, AZURE_REFRESH_LEAD_MS);
    const cloud = azureCloudFor(config);
    const databricks = tokenFor(azureResourceFor(config), 'Azure AD token request');
    const management = tokenFor(cloud.serviceManagementEndpoint, 'Azure AD management token request');
    return staticCredentials('azure-client-secret', ctx, async () => {
        const [token, managementToken] = await Promise.all([databricks.get(), management.get()]);
        const headers = {
            Authorization: `Bearer ${token}`,
            'X-Databricks-Azure-SP-Management-Token': managementToken,
        };
        if (config.azureWorkspaceResourceId)
            headers['X-Databricks-Azure-Workspace-Resource-Id'] = config.azureWorkspaceResourceId;
        return headers;
    });
}
function bearerCredentials(authType, ctx, cache) {
    return staticCredentials(authType, ctx, async () => ({ Authorization: `Bearer ${await cache.get()}` }));
}
/**
 * The workspace token endpoint from OIDC discovery, falling back to `{host}/oidc/v1/token` when
 * discovery fails; fixed `{host}/oidc/accounts/{account_id}/v1/token` on an accounts host. Looked up once.
 */
function databricksTokenEndpoint(ctx) {
    const { config, http } = ctx;
    if (isAccountHost(config.host)) {
        if (!config.accountId)
            throw new ConfigError(`${config.host} is an accounts host: set account_id (DATABRICKS_ACCOUNT_ID), or use a workspace URL as host`);
        const url = `${config.host}/oidc/accounts/${encodeURIComponent(config.accountId)}/v1/token`;
        return () => Promise.resolve(url);
    }
    let endpoint;
    const discover = async () => {
        const fallback = `${config.host}/oidc/v1/token`;
        try {
            const response = await http.fetch(`${config.host}/oidc/.well-known/oauth-authorization-server`, {
                headers: { Accept: 'application/json' },
                redirect: 'manual',
                signal: AbortSignal.timeout(http.timeoutMs),
            });
            if (!response.ok)
                return fallback;
            const json = (await response.json());
            return typeof json.token_endpoint === 'string' && json.token_endpoint ? json.token_endpoint : fallback;
        }
        catch {
            // The token request itself will report an unreachable host.
            return fallback;
        }
    };
    return () => (endpoint ??= discover());
}
/** `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with the request token as bearer -> the JWT. */
function requestGitHubIdToken(ctx, github, audience, flow) {
    const separator = github.requestUrl.includes('?') ? '&' : '?';
    return fetchIdToken(ctx.http, {
        flow,
        purpose: 'GitHub ID token request',
        method: 'GET',
        url: `${github.requestUrl}${separator}audience=${encodeURIComponent(audience)}`,
        headers: { Authorization: `Bearer ${github.requestToken}` },
        hint: 'check that the workflow job has `permissions: id-token: write`',
    });
}
/** RFC 6749 §2.3.1: client id and secret are form-encoded before HTTP Basic (as Go's oauth2 does). */
function formEncode(value) {
    return new URLSearchParams([['', value]]).toString().slice(1);
}

;// CONCATENATED MODULE: ./node_modules/yocto-queue/index.js
/*
How it works:
`this.#head` is an instance of `Node` which keeps track of its current value and nests another instance of `Node` that keeps the value that comes after it. When a value is provided to `.enqueue()`, the code needs to iterate through `this.#head`, going deeper and deeper to find the last value. However, iterating through every single item is slow. This problem is solved by saving a reference to the last value as `this.#tail` so that it can reference it to add a new value.
*/

class Node {
	value;
	next;

	constructor(value) {
		this.value = value;
	}
}

class Queue {
	#head;
	#tail;
	#size;

	constructor() {
		this.clear();
	}

	enqueue(value) {
		const node = new Node(value);

		if (this.#head) {
			this.#tail.next = node;
			this.#tail = node;
		} else {
			this.#head = node;
			this.#tail = node;
		}

		this.#size++;
	}

	dequeue() {
		const current = this.#head;
		if (!current) {
			return;
		}

		this.#head = this.#head.next;
		this.#size--;

		// Clean up tail reference when queue becomes empty
		if (!this.#head) {
			this.#tail = undefined;
		}

		return current.value;
	}

	peek() {
		if (!this.#head) {
			return;
		}

		return this.#head.value;

		// TODO: Node.js 18.
		// return this.#head?.value;
	}

	clear() {
		this.#head = undefined;
		this.#tail = undefined;
		this.#size = 0;
	}

	get size() {
		return this.#size;
	}

	* [Symbol.iterator]() {
		let current = this.#head;

		while (current) {
			yield current.value;
			current = current.next;
		}
	}

	* drain() {
		while (this.#head) {
			yield this.dequeue();
		}
	}
}

;// CONCATENATED MODULE: ./node_modules/p-limit/index.js


function pLimit(concurrency) {
	let rejectOnClear = false;

	if (typeof concurrency === 'object') {
		({concurrency, rejectOnClear = false} = concurrency);
	}

	validateConcurrency(concurrency);

	if (typeof rejectOnClear !== 'boolean') {
		throw new TypeError('Expected `rejectOnClear` to be a boolean');
	}

	const queue = new Queue();
	let activeCount = 0;

	const resumeNext = () => {
		// Process the next queued function if we're under the concurrency limit
		if (activeCount < concurrency && queue.size > 0) {
			activeCount++;
			queue.dequeue().run();
		}
	};

	const next = () => {
		activeCount--;
		resumeNext();
	};

	const run = async (function_, resolve, arguments_) => {
		// Execute the function and capture the result promise
		const result = (async () => function_(...arguments_))();

		// Resolve immediately with the promise (don't wait for completion)
		resolve(result);

		// Wait for the function to complete (success or failure)
		// We catch errors here to prevent unhandled rejections,
		// but the original promise rejection is preserved for the caller
		try {
			await result;
		} catch {}

		// Decrement active count and process next queued function
		next();
	};

	const enqueue = (function_, resolve, reject, arguments_) => {
		const queueItem = {reject};

		// Queue the internal resolve function instead of the run function
		// to preserve the asynchronous execution context.
		new Promise(internalResolve => { // eslint-disable-line promise/param-names
			queueItem.run = internalResolve;
			queue.enqueue(queueItem);
		}).then(run.bind(undefined, function_, resolve, arguments_)); // eslint-disable-line promise/prefer-await-to-then

		// Start processing immediately if we haven't reached the concurrency limit
		if (activeCount < concurrency) {
			resumeNext();
		}
	};

	const generator = (function_, ...arguments_) => new Promise((resolve, reject) => {
		enqueue(function_, resolve, reject, arguments_);
	});

	Object.defineProperties(generator, {
		activeCount: {
			get: () => activeCount,
		},
		pendingCount: {
			get: () => queue.size,
		},
		clearQueue: {
			value() {
				if (!rejectOnClear) {
					queue.clear();
					return;
				}

				const abortError = AbortSignal.abort().reason;

				while (queue.size > 0) {
					queue.dequeue().reject(abortError);
				}
			},
		},
		concurrency: {
			get: () => concurrency,

			set(newConcurrency) {
				validateConcurrency(newConcurrency);
				concurrency = newConcurrency;

				queueMicrotask(() => {
					// eslint-disable-next-line no-unmodified-loop-condition
					while (activeCount < concurrency && queue.size > 0) {
						resumeNext();
					}
				});
			},
		},
		map: {
			async value(iterable, function_) {
				const promises = [];

				try {
					Array.from(iterable, (value, index) => {
						const promise = generator(function_, value, index);
						promises.push(promise);
						return promise;
					});
				} catch (error) {
					// The iterable threw, so `Promise.all` never observes the already scheduled promises. Observe them here to avoid unhandled rejections.
					for (const promise of promises) {
						promise.catch(() => {}); // eslint-disable-line promise/prefer-await-to-then
					}

					throw error;
				}

				return Promise.all(promises);
			},
		},
	});

	return generator;
}

function limitFunction(function_, options) {
	const limit = pLimit(options);

	const limitedFunction = (...arguments_) => limit(() => function_(...arguments_));
	Object.defineProperty(limitedFunction, 'clearQueue', {
		value: limit.clearQueue,
	});

	return limitedFunction;
}

function validateConcurrency(concurrency) {
	if (!((Number.isInteger(concurrency) || concurrency === Number.POSITIVE_INFINITY) && concurrency > 0)) {
		throw new TypeError('Expected `concurrency` to be a number from 1 and up');
	}
}

;// CONCATENATED MODULE: ./node_modules/p-throttle/index.js
const states = new WeakMap();
const signalThrottleds = new WeakMap(); // AbortSignal -> {throttleds: Set<WeakRef>, listener: Function}

const finalizationRegistry = new FinalizationRegistry(({signalWeakRef, weakReference}) => {
	const signal = signalWeakRef.deref();
	if (!signal) {
		return; // Signal already GC'd
	}

	const registration = signalThrottleds.get(signal);
	if (registration) {
		registration.throttleds.delete(weakReference);
		if (registration.throttleds.size === 0) {
			// Remove the abort listener when no throttleds remain
			signal.removeEventListener('abort', registration.listener);
			signalThrottleds.delete(signal);
		}
	}
});

function pThrottle({limit, interval, strict, signal, onDelay, weight}) {
	if (!Number.isFinite(limit)) {
		throw new TypeError('Expected `limit` to be a finite number');
	}

	if (!Number.isFinite(interval)) {
		throw new TypeError('Expected `interval` to be a finite number');
	}

	if (limit < 0) {
		throw new TypeError('Expected `limit` to be >= 0');
	}

	if (interval < 0) {
		throw new TypeError('Expected `interval` to be >= 0');
	}

	if (weight !== undefined && typeof weight !== 'function') {
		throw new TypeError('Expected `weight` to be a function');
	}

	if (weight && interval === 0) {
		throw new TypeError('The `weight` option cannot be used with `interval` of 0');
	}

	// TODO: Uncomment in next major version (breaking change)
	// The combination of strict mode with interval=0 doesn't enforce the limit correctly
	// (minSpacing becomes 0, allowing unlimited calls in the same millisecond).
	// For now, we allow it to avoid breaking existing code, but it should be rejected in v9.
	// if (strict && interval === 0) {
	// 	throw new TypeError('The `strict` option cannot be used with `interval` of 0');
	// }

	const state = {
		queue: new Map(),
		strictTicks: [],
		// Track windowed algorithm state so it can be reset on abort
		currentTick: 0,
		activeWeight: 0,
	};
	const strictCapacity = Math.max(limit, 1);

	// Helper: insert tick maintaining sorted order by time (for weighted strict mode)
	const insertTickSorted = tickRecord => {
		// Optimization: append if it belongs at the end (common case - O(1))
		if (state.strictTicks.length === 0 || tickRecord.time >= state.strictTicks.at(-1).time) {
			state.strictTicks.push(tickRecord);
		} else {
			// Insert at correct position (rare case - O(n))
			const insertIndex = state.strictTicks.findIndex(tick => tick.time > tickRecord.time);
			state.strictTicks.splice(insertIndex, 0, tickRecord);
		}
	};

	function windowedDelay(requestWeight) {
		const now = Date.now();

		if ((now - state.currentTick) > interval) {
			state.activeWeight = requestWeight;
			state.currentTick = now;
			return 0;
		}

		if (state.activeWeight + requestWeight <= limit) {
			state.activeWeight += requestWeight;
		} else {
			state.currentTick += interval;
			state.activeWeight = requestWeight;
		}

		return state.currentTick - now;
	}

	function weightedDelay(requestWeight, now, ticks) {
		// Check both the requested time and future reservations that would share a window with this call. A smaller call must not steal capacity already reserved for a later, heavier call.
		const findBlockingTick = time => {
			let windowStart = 0;
			let windowWeight = 0;

			for (const [index, tick] of ticks.entries()) {
				if (tick.time >= time + interval) {
					break;
				}

				windowWeight += tick.weight;
				const windowEnd = Math.max(time, tick.time);
				while (windowStart <= index && ticks[windowStart].time <= windowEnd - interval) {
					windowWeight -= ticks[windowStart].weight;
					windowStart++;
				}

				if (windowWeight + requestWeight > limit) {
					return ticks[windowStart];
				}
			}
		};

		let nextExecutionTime = now;
		let blockingTick = findBlockingTick(nextExecutionTime);
		while (blockingTick) {
			nextExecutionTime = blockingTick.time + interval;
			blockingTick = findBlockingTick(nextExecutionTime);
		}

		const tickRecord = {
			time: nextExecutionTime,
			weight: requestWeight,
			isExecuted: false,
		};
		insertTickSorted(tickRecord);
		return {delay: Math.max(0, nextExecutionTime - now), tickRecord};
	}

	function strictDelay(requestWeight) {
		const now = Date.now();

		// Clear the queue if there's a significant delay since the last execution
		if (state.strictTicks.length > 0 && now - state.strictTicks.at(-1).time > interval) {
			state.strictTicks.length = 0;
		}

		// For weighted throttling, use time-based sliding window
		if (weight) {
			// Remove ticks outside the current interval window
			while (state.strictTicks.length > 0 && now - state.strictTicks[0].time >= interval) {
				state.strictTicks.shift();
			}

			return weightedDelay(requestWeight, now, state.strictTicks);
		}

		// For non-weighted throttling, use count-based queue (original algorithm)
		// If the queue is not full (treat limit 0 as capacity 1 for seeding), add the current time and execute immediately
		if (state.strictTicks.length < strictCapacity) {
			state.strictTicks.push({time: now, weight: requestWeight});
			return {delay: 0};
		}

		// Calculate next execution time: must be after oldest + interval,
		// AND must be after the most recent to prevent multiple calls bunching up
		const oldestTime = state.strictTicks[0].time;
		const mostRecentTime = state.strictTicks.at(-1).time;
		const baseTime = oldestTime + interval;
		// Add minimum spacing to prevent bunching (except for interval=0)
		const minSpacing = interval > 0 ? Math.ceil(interval / strictCapacity) : 0;
		const nextExecutionTime = baseTime <= mostRecentTime ? mostRecentTime + minSpacing : baseTime;

		// Shift the queue and add a record for the new execution
		state.strictTicks.shift();
		const tickRecord = {time: nextExecutionTime, weight: requestWeight};
		state.strictTicks.push(tickRecord);

		// Calculate the delay for the current execution
		return {delay: Math.max(0, nextExecutionTime - now), tickRecord};
	}

	const getDelay = strict ? strictDelay : windowedDelay;

	return function_ => {
		const throttled = function (...arguments_) {
			if (!throttled.isEnabled) {
				return (async () => function_.apply(this, arguments_))();
			}

			let timeoutId;
			return new Promise((resolve, reject) => {
				// Calculate weight for this call
				let requestWeight = 1;
				if (weight) {
					try {
						requestWeight = weight(...arguments_);
					} catch (error) {
						reject(error);
						return;
					}

					// Validate weight
					if (!Number.isFinite(requestWeight) || requestWeight < 0) {
						reject(new TypeError('Expected `weight` to be a finite non-negative number'));
						return;
					}

					if (requestWeight > limit) {
						reject(new TypeError(`Expected \`weight\` (${requestWeight}) to be <= \`limit\` (${limit})`));
						return;
					}
				}

				const delayResult = getDelay(requestWeight);
				const delay = strict ? delayResult.delay : delayResult;
				let tickRecord = strict ? delayResult.tickRecord : undefined;

				const execute = () => {
					// Revalidate weighted calls at execution time to account for timer drift
					if (tickRecord) {
						const actualTime = Date.now();

						if (weight) {
							const index = state.strictTicks.indexOf(tickRecord);
							if (index !== -1) {
								state.strictTicks.splice(index, 1);
							}

							const executedTicks = state.strictTicks.filter(tick => tick.isExecuted);
							const updatedDelayResult = weightedDelay(requestWeight, actualTime, executedTicks);
							tickRecord = updatedDelayResult.tickRecord;

							if (updatedDelayResult.delay > 0) {
								state.queue.delete(timeoutId);
								timeoutId = setTimeout(execute, updatedDelayResult.delay);
								state.queue.set(timeoutId, reject);
								return;
							}

							tickRecord.isExecuted = true;
						} else {
							tickRecord.time = actualTime;
						}
					}

					try {
						resolve(function_.apply(this, arguments_));
					} catch (error) {
						reject(error);
					}

					state.queue.delete(timeoutId);
				};

				if (delay > 0) {
					timeoutId = setTimeout(execute, delay);
					state.queue.set(timeoutId, reject);
					try {
						onDelay?.(...arguments_);
					} catch {}
				} else {
					execute();
				}
			});
		};

		signal?.throwIfAborted();

		if (signal) {
			let registration = signalThrottleds.get(signal);
			if (!registration) {
				registration = {
					throttleds: new Set(),
					listener: null,
				};

				registration.listener = () => {
					for (const weakReference of registration.throttleds) {
						const function_ = weakReference.deref();
						if (!function_) {
							continue;
						}

						const functionState = states.get(function_);
						if (!functionState) {
							continue;
						}

						for (const timeout of functionState.queue.keys()) {
							clearTimeout(timeout);
							functionState.queue.get(timeout)(signal.reason);
						}

						functionState.queue.clear();
						functionState.strictTicks.length = 0;
						// Reset windowed state so subsequent calls are not artificially delayed
						functionState.currentTick = 0;
						functionState.activeWeight = 0;
					}

					signalThrottleds.delete(signal);
				};

				signalThrottleds.set(signal, registration);
				signal.addEventListener('abort', registration.listener, {once: true});
			}

			const weakReference = new WeakRef(throttled);
			registration.throttleds.add(weakReference);
			finalizationRegistry.register(throttled, {
				signalWeakRef: new WeakRef(signal),
				weakReference,
			});
		}

		throttled.isEnabled = true;

		Object.defineProperty(throttled, 'queueSize', {
			get() {
				return state.queue.size;
			},
		});

		states.set(throttled, state);

		return throttled;
	};
}

;// CONCATENATED MODULE: ./node_modules/lossless-json/lib/esm/utils.js
/**
 * Test whether a string contains an integer number
 */
function utils_isInteger(value) {
  return INTEGER_REGEX.test(value);
}
const INTEGER_REGEX = /^-?[0-9]+$/;

/**
 * Test whether a string contains a number
 * http://stackoverflow.com/questions/13340717/json-numbers-regular-expression
 */
function isNumber(value) {
  return NUMBER_REGEX.test(value);
}
const NUMBER_REGEX = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Test whether a string can be safely represented with a number
 * without information loss.
 *
 * When approx is true, floating point numbers that lose a few digits but
 * are still approximately equal in value are considered safe too.
 * Integer numbers must still be exactly equal.
 */
function isSafeNumber(value, config) {
  if (utils_isInteger(value)) {
    return Number.isSafeInteger(Number.parseInt(value, 10));
  }
  const num = Number.parseFloat(value);
  // Reject unsafe integers written as floats, like '9007199254740992.0', which isInteger(value) misses.
  if (Number.isInteger(num) && !Number.isSafeInteger(num)) {
    return false;
  }
  const parsed = String(num);
  if (value === parsed) {
    return true;
  }
  const valueDigits = extractSignificantDigits(value);
  const parsedDigits = extractSignificantDigits(parsed);
  if (valueDigits === parsedDigits) {
    return true;
  }
  if (config?.approx === true) {
    // A floating point value is approximately equal when:
    // 1. it has at least 14 digits
    // 2. the first 14 digits are equal
    const requiredDigits = 14;
    if (parsedDigits.length >= requiredDigits && valueDigits.startsWith(parsedDigits.substring(0, requiredDigits))) {
      return true;
    }
  }
  return false;
}
let UnsafeNumberReason = /*#__PURE__*/function (UnsafeNumberReason) {
  UnsafeNumberReason["underflow"] = "underflow";
  UnsafeNumberReason["overflow"] = "overflow";
  UnsafeNumberReason["truncate_integer"] = "truncate_integer";
  UnsafeNumberReason["truncate_float"] = "truncate_float";
  return UnsafeNumberReason;
}({});

/**
 * When the provided value is an unsafe number, describe what the reason is:
 * overflow, underflow, truncate_integer, or truncate_float.
 * Returns undefined when the value is safe.
 */
function getUnsafeNumberReason(value) {
  if (isSafeNumber(value, {
    approx: false
  })) {
    return undefined;
  }
  if (utils_isInteger(value)) {
    return UnsafeNumberReason.truncate_integer;
  }
  const num = Number.parseFloat(value);
  if (!Number.isFinite(num)) {
    return UnsafeNumberReason.overflow;
  }
  if (num === 0) {
    return UnsafeNumberReason.underflow;
  }
  return UnsafeNumberReason.truncate_float;
}

/**
 * Convert a string into a number when it is safe to do so.
 * Throws an error otherwise, explaining the reason.
 */
function toSafeNumberOrThrow(value, config) {
  const number = Number.parseFloat(value);
  const unsafeReason = getUnsafeNumberReason(value);
  if (config?.approx === true ? unsafeReason && unsafeReason !== UnsafeNumberReason.truncate_float : unsafeReason) {
    const unsafeReasonText = unsafeReason?.replace(/_\w+$/, '');
    throw new Error(`Cannot safely convert to number: the value '${value}' would ${unsafeReasonText} and become ${number}`);
  }
  return number;
}

/**
 * Split a number into sign, digits, and exponent.
 * Leading zeros and non-canonical zeros are normalized.
 *
 * The value can be constructed again from a split number by inserting a dot
 * at the second character of the digits if there is more than one digit,
 * prepending it with the sign, and appending an "e" and the exponent as follows:
 *
 *     const reconstructed = `${sign}${digits[0]}.${digits.slice(1)}e${exponent}`
 *
 */
function splitNumber(value) {
  const match = value.match(/^(-?)(\d+(?:\.\d*)?)([eE]([+-]?\d+))?$/);
  if (!match) {
    throw new SyntaxError(`Invalid number: ${value}`);
  }
  const sign = match[1];
  const digitsStr = match[2];
  let exponent = match[4] !== undefined ? Number.parseInt(match[4], 10) : 0;
  const dot = digitsStr.indexOf('.');
  exponent += dot !== -1 ? dot - 1 : digitsStr.length - 1;
  const coefficient = digitsStr.replace('.', '');
  const {
    start,
    end
  } = getSignificantDigitRange(coefficient);
  exponent -= start;
  const digits = coefficient.slice(start, end);

  // normalize zero, for example normalizes 0e5 or -0 into 0
  return digits.length > 0 ? {
    sign,
    digits,
    exponent
  } : {
    sign: '',
    digits: '0',
    exponent: 0
  };
}

/**
 * Compare two strings containing a numeric value
 * Returns 1 when a is larger than b, 0 when they are equal,
 * and -1 when a is smaller than b.
 */
function utils_compareNumber(a, b) {
  if (a === b) {
    return 0;
  }
  const aa = splitNumber(a);
  const bb = splitNumber(b);
  const sign = aa.sign === '-' ? -1 : 1;
  if (aa.sign !== bb.sign) {
    return sign;
  }
  if (aa.digits === '0') {
    return bb.digits === '0' ? 0 : -1;
  }
  if (bb.digits === '0') {
    return 1;
  }
  if (aa.exponent !== bb.exponent) {
    return aa.exponent > bb.exponent ? sign : aa.exponent < bb.exponent ? -sign : 0;
  }
  return aa.digits > bb.digits ? sign : aa.digits < bb.digits ? -sign : 0;
}

/**
 * Count the significant digits of a number.
 *
 * For example:
 *   '2.34' returns 3
 *   '-77' returns 2
 *   '0.003400' returns 2
 *   '120.5e+30' returns 4
 **/
function utils_countSignificantDigits(value) {
  const {
    start,
    end
  } = getSignificantDigitRange(value);
  const dot = value.indexOf('.');
  if (dot === -1 || dot < start || dot > end) {
    return end - start;
  }
  return end - start - 1;
}

/**
 * Get the significant digits of a number.
 *
 * For example:
 *   '2.34' returns '234'
 *   '-77' returns '77'
 *   '0.003400' returns '34'
 *   '120.5e+30' returns '1205'
 **/
function extractSignificantDigits(value) {
  const {
    start,
    end
  } = getSignificantDigitRange(value);
  const digits = value.substring(start, end);
  const dot = digits.indexOf('.');
  if (dot === -1) {
    return digits;
  }
  return digits.substring(0, dot) + digits.substring(dot + 1);
}

/**
 * Returns the range (start to end) of the significant digits of a value.
 * Note that this range _may_ contain the decimal dot.
 *
 * For example:
 *
 *     getSignificantDigitRange('0.0325900') // { start: 3, end: 7 }
 *     getSignificantDigitRange('2.0300')    // { start: 0, end: 3 }
 *     getSignificantDigitRange('0.0')       // { start: 3, end: 3 }
 *
 */
function getSignificantDigitRange(value) {
  let start = 0;
  if (value[0] === '-') {
    start++;
  }
  while (value[start] === '0' || value[start] === '.') {
    start++;
  }
  let end = value.lastIndexOf('e');
  if (end === -1) {
    end = value.lastIndexOf('E');
  }
  if (end === -1) {
    end = value.length;
  }
  while ((value[end - 1] === '0' || value[end - 1] === '.') && end > start) {
    end--;
  }
  return {
    start,
    end
  };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/lossless-json/lib/esm/LosslessNumber.js


// A shared symbol recognizes numbers from separate library copies where instanceof fails.
const losslessNumberMarker = Symbol.for('lossless-json.LosslessNumber');

/**
 * A lossless number. Stores its numeric value as string
 */
class LosslessNumber {
  // numeric value as string
  value;

  /**
   * @deprecated Use the isLosslessNumber(value) function instead.
   *
   * Ordinary objects may also have an isLosslessNumber property, so this
   * field cannot reliably identify lossless numbers.
   */
  isLosslessNumber = true;
  get [losslessNumberMarker]() {
    return true;
  }
  constructor(value) {
    if (!isNumber(value)) {
      throw new Error(`Invalid number (value: "${value}")`);
    }
    this.value = value;
  }

  /**
   * Get the value of the LosslessNumber as number or bigint.
   *
   * - a number is returned for safe numbers and decimal values that only lose some insignificant digits
   * - a bigint is returned for big integer numbers
   * - an Error is thrown for values that will overflow or underflow
   *
   * Note that you can implement your own strategy for conversion by just getting the value as string
   * via .toString(), and using util functions like isInteger, isSafeNumber, getUnsafeNumberReason,
   * and toSafeNumberOrThrow to convert it to a numeric value.
   */
  valueOf() {
    const unsafeReason = getUnsafeNumberReason(this.value);

    // safe or truncate_float
    if (unsafeReason === undefined || unsafeReason === UnsafeNumberReason.truncate_float) {
      return Number.parseFloat(this.value);
    }

    // truncate_integer
    if (utils_isInteger(this.value)) {
      return BigInt(this.value);
    }

    // overflow or underflow
    throw new Error(`Cannot safely convert to number: the value '${this.value}' would ${unsafeReason} and become ${Number.parseFloat(this.value)}`);
  }

  /**
   * Get the value of the LosslessNumber as string.
   */
  toString() {
    return this.value;
  }

  // Note: we do NOT implement a .toJSON() method, and you should not implement
  // or use that, it cannot safely turn the numeric value in the string into
  // stringified JSON since it has to be parsed into a number first.
}

/**
 * Test whether a value is a LosslessNumber
 */
function isLosslessNumber(value) {
  return value !== null && typeof value === 'object' && value[losslessNumberMarker] === true;
}

/**
 * Convert a number into a LosslessNumber if this is possible in a safe way
 * If the value has too many digits, or is NaN or Infinity, an error will be thrown
 */
function toLosslessNumber(value) {
  const maxDigits = 15;
  if (countSignificantDigits(String(value)) > maxDigits) {
    throw new Error(`Invalid number: contains more than 15 digits and is most likely truncated and unsafe by itself (value: ${value})`);
  }
  if (Number.isNaN(value)) {
    throw new Error('Invalid number: NaN');
  }
  if (!Number.isFinite(value)) {
    throw new Error(`Invalid number: ${value}`);
  }
  return new LosslessNumber(String(value));
}

/**
 * Compare two lossless numbers.
 * Returns 1 when a is larger than b, 0 when they are equal,
 * and -1 when a is smaller than b.
 */
function compareLosslessNumber(a, b) {
  return compareNumber(a.value, b.value);
}
//# sourceMappingURL=LosslessNumber.js.map
;// CONCATENATED MODULE: ./node_modules/lossless-json/lib/esm/numberParsers.js


function parseLosslessNumber(value) {
  return new LosslessNumber(value);
}
function parseNumberAndBigInt(value) {
  return isInteger(value) ? BigInt(value) : Number.parseFloat(value);
}
//# sourceMappingURL=numberParsers.js.map
;// CONCATENATED MODULE: ./node_modules/lossless-json/lib/esm/revive.js

/**
 * Revive a json object.
 * Applies the reviver function recursively on all values in the JSON object.
 * @param json   A JSON Object, Array, or value
 * @param reviver
 *              A reviver function invoked with arguments `key` and `value`,
 *              which must return a replacement value. The function context
 *              (`this`) is the Object or Array that contains the currently
 *              handled value.
 */
function revive(json, reviver) {
  return reviveValue({
    '': json
  }, '', json, reviver);
}

/**
 * Revive a value
 */
function reviveValue(context, key, value, reviver) {
  if (Array.isArray(value)) {
    return reviver.call(context, key, reviveArray(value, reviver));
  }
  if (value && typeof value === 'object' && !isLosslessNumber(value)) {
    // note the special case for LosslessNumber,
    // we don't want to iterate over the internals of a LosslessNumber
    return reviver.call(context, key, reviveObject(value, reviver));
  }
  return reviver.call(context, key, value);
}

/**
 * Revive the properties of an object
 */
function reviveObject(object, reviver) {
  for (const key of Object.keys(object)) {
    const value = reviveValue(object, key, object[key], reviver);
    if (value !== undefined) {
      object[key] = value;
    } else {
      delete object[key];
    }
  }
  return object;
}

/**
 * Revive the properties of an Array
 */
function reviveArray(array, reviver) {
  for (let i = 0; i < array.length; i++) {
    const value = reviveValue(array, String(i), array[i], reviver);
    if (value === undefined) {
      // Remove the own property entirely, like native JSON.parse does: the
      // position becomes a genuine hole (no own key, and `Object.keys` omits
      // it) while the length stays unchanged. Assigning `array[i] = undefined`
      // would leave an own property holding `undefined` instead.
      delete array[i];
    } else {
      // Assign right away rather than after the loop: the reviver observes the
      // holder through `this`, so later items must see the already revived
      // values (e.g. a preceding `null` replacement).
      array[i] = value;
    }
  }
  return array;
}
//# sourceMappingURL=revive.js.map
;// CONCATENATED MODULE: ./node_modules/lossless-json/lib/esm/parse.js


/**
 * The LosslessJSON.parse() method parses a string as JSON, optionally transforming
 * the value produced by parsing.
 *
 * The parser is based on the parser of Tan Li Hou shared in
 * https://lihautan.com/json-parser-with-javascript/
 *
 * @param text
 * The string to parse as JSON. See the JSON object for a description of JSON syntax.
 *
 * @param [reviver]
 * If a function, prescribes how the value originally produced by parsing is
 * transformed, before being returned.
 *
 * @param [options=ParseOptions | NumberParserArgument]
 * Pass a custom number parser. Input is a string, and the output can be unknown
 * numeric value: number, bigint, LosslessNumber, or a custom BigNumber library.
 *
 * @returns Returns the Object corresponding to the given JSON text.
 *
 * @throws Throws a SyntaxError exception if the string to parse is not valid JSON.
 */
function parse(text, reviver, options) {
  const optionsObj = typeof options === 'function' ? {
    parseNumber: options
  } : options;
  const parseNumber = optionsObj?.parseNumber ?? parseLosslessNumber;
  const onDuplicateKey = optionsObj?.onDuplicateKey ?? throwDuplicateKey;
  let i = 0;
  const value = parseValue();
  expectValue(value);
  expectEndOfInput();
  return reviver ? revive(value, reviver) : value;
  function parseObject() {
    if (text.charCodeAt(i) === codeOpeningBrace) {
      i++;
      skipWhitespace();
      const object = {};
      let initial = true;
      while (i < text.length && text.charCodeAt(i) !== codeClosingBrace) {
        if (!initial) {
          eatComma();
          skipWhitespace();
        } else {
          initial = false;
        }
        const start = i;
        const key = parseString();
        if (key === undefined) {
          throwObjectKeyExpected();
          return; // To make TS happy
        }
        skipWhitespace();
        eatColon();
        const value = parseValue();
        if (value === undefined) {
          throwObjectValueExpected();
          return; // To make TS happy
        }

        // handle duplicate keys
        // TODO: replace with hasOwn one day, when browser support is high enough
        if (Object.prototype.hasOwnProperty.call(object, key) && !isDeepEqual(value, object[key])) {
          // Note that we could also test `if(key in object) {...}`
          // or `if (object[key] !== 'undefined') {...}`, but that is slower.
          const returnedValue = onDuplicateKey({
            key,
            position: start + 1,
            oldValue: object[key],
            newValue: value
          });
          if (returnedValue !== undefined) {
            setObjectKey(object, key, returnedValue);
          }
        } else {
          setObjectKey(object, key, value);
        }
      }
      if (text.charCodeAt(i) !== codeClosingBrace) {
        throwObjectKeyOrEndExpected();
      }
      i++;
      return object;
    }
  }
  function parseArray() {
    if (text.charCodeAt(i) === codeOpeningBracket) {
      i++;
      skipWhitespace();
      const array = [];
      let initial = true;
      while (i < text.length && text.charCodeAt(i) !== codeClosingBracket) {
        if (!initial) {
          eatComma();
        } else {
          initial = false;
        }
        const value = parseValue();
        expectArrayItem(value);
        array.push(value);
      }
      if (text.charCodeAt(i) !== codeClosingBracket) {
        throwArrayItemOrEndExpected();
      }
      i++;
      return array;
    }
  }
  function parseValue() {
    skipWhitespace();
    const value = parseString() ?? parseNumeric() ?? parseObject() ?? parseArray() ?? parseKeyword('true', true) ?? parseKeyword('false', false) ?? parseKeyword('null', null);
    skipWhitespace();
    return value;
  }
  function parseKeyword(name, value) {
    if (text.slice(i, i + name.length) === name) {
      i += name.length;
      return value;
    }
  }
  function skipWhitespace() {
    while (isWhitespace(text.charCodeAt(i))) {
      i++;
    }
  }
  function parseString() {
    if (text.charCodeAt(i) === codeDoubleQuote) {
      i++;
      let result = '';
      while (i < text.length && text.charCodeAt(i) !== codeDoubleQuote) {
        if (text.charCodeAt(i) === codeBackslash) {
          const char = text[i + 1];
          const escapeChar = escapeCharacters[char];
          if (escapeChar !== undefined) {
            result += escapeChar;
            i++;
          } else if (char === 'u') {
            if (isHex(text.charCodeAt(i + 2)) && isHex(text.charCodeAt(i + 3)) && isHex(text.charCodeAt(i + 4)) && isHex(text.charCodeAt(i + 5))) {
              result += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
              i += 5;
            } else {
              throwInvalidUnicodeCharacter(i);
            }
          } else {
            throwInvalidEscapeCharacter(i);
          }
        } else {
          if (isValidStringCharacter(text.charCodeAt(i))) {
            result += text[i];
          } else {
            throwInvalidCharacter(text[i]);
          }
        }
        i++;
      }
      expectEndOfString();
      i++;
      return result;
    }
  }
  function parseNumeric() {
    const start = i;
    if (text.charCodeAt(i) === codeMinus) {
      i++;
      expectDigit(start);
    }
    if (text.charCodeAt(i) === codeZero) {
      i++;
    } else if (isNonZeroDigit(text.charCodeAt(i))) {
      i++;
      while (isDigit(text.charCodeAt(i))) {
        i++;
      }
    } else {
      // A JSON number must have an integer part, so a leading dot like '.5'
      // is not a number at all.
      return undefined;
    }
    if (text.charCodeAt(i) === codeDot) {
      i++;
      expectDigit(start);
      while (isDigit(text.charCodeAt(i))) {
        i++;
      }
    }
    if (text.charCodeAt(i) === codeLowercaseE || text.charCodeAt(i) === codeUppercaseE) {
      i++;
      if (text.charCodeAt(i) === codeMinus || text.charCodeAt(i) === codePlus) {
        i++;
      }
      expectDigit(start);
      while (isDigit(text.charCodeAt(i))) {
        i++;
      }
    }
    if (i > start) {
      return parseNumber(text.slice(start, i));
    }
  }
  function eatComma() {
    if (text.charCodeAt(i) !== codeComma) {
      throw new SyntaxError(`Comma ',' expected after value ${gotAt()}`);
    }
    i++;
  }
  function eatColon() {
    if (text.charCodeAt(i) !== codeColon) {
      throw new SyntaxError(`Colon ':' expected after property name ${gotAt()}`);
    }
    i++;
  }
  function expectValue(value) {
    if (value === undefined) {
      throw new SyntaxError(`JSON value expected ${gotAt()}`);
    }
  }
  function expectArrayItem(value) {
    if (value === undefined) {
      throw new SyntaxError(`Array item expected ${gotAt()}`);
    }
  }
  function expectEndOfInput() {
    if (i < text.length) {
      throw new SyntaxError(`Expected end of input ${gotAt()}`);
    }
  }
  function expectDigit(start) {
    if (!isDigit(text.charCodeAt(i))) {
      const numSoFar = text.slice(start, i);
      throw new SyntaxError(`Invalid number '${numSoFar}', expecting a digit ${gotAt()}`);
    }
  }
  function expectEndOfString() {
    if (text.charCodeAt(i) !== codeDoubleQuote) {
      throw new SyntaxError(`End of string '"' expected ${gotAt()}`);
    }
  }
  function throwObjectKeyExpected() {
    throw new SyntaxError(`Quoted object key expected ${gotAt()}`);
  }
  function throwDuplicateKey({
    key,
    position
  }) {
    throw new SyntaxError(`Duplicate key '${key}' encountered at position ${position}`);
  }
  function throwObjectKeyOrEndExpected() {
    throw new SyntaxError(`Quoted object key or end of object '}' expected ${gotAt()}`);
  }
  function throwArrayItemOrEndExpected() {
    throw new SyntaxError(`Array item or end of array ']' expected ${gotAt()}`);
  }
  function throwInvalidCharacter(char) {
    throw new SyntaxError(`Invalid character '${char}' ${pos()}`);
  }
  function throwInvalidEscapeCharacter(start) {
    const chars = text.slice(start, start + 2);
    throw new SyntaxError(`Invalid escape character '${chars}' ${pos()}`);
  }
  function throwObjectValueExpected() {
    throw new SyntaxError(`Object value expected after ':' ${pos()}`);
  }
  function throwInvalidUnicodeCharacter(start) {
    const chars = text.slice(start, start + 6);
    throw new SyntaxError(`Invalid unicode character '${chars}' ${pos()}`);
  }

  // zero based character position
  function pos() {
    return `at position ${i}`;
  }
  function got() {
    return i < text.length ? `but got '${text[i]}'` : 'but reached end of input';
  }
  function gotAt() {
    return `${got()} ${pos()}`;
  }
}
function setObjectKey(object, key, value) {
  if (key === '__proto__') {
    // Plain assignment would trigger the `__proto__` setter inherited from
    // Object.prototype, changing the object's prototype instead of storing the
    // key. Define an ordinary own property, like JSON.parse does.
    Object.defineProperty(object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true
    });
  } else {
    object[key] = value;
  }
}
function isWhitespace(code) {
  return code === codeSpace || code === codeNewline || code === codeTab || code === codeReturn;
}
function isHex(code) {
  return code >= codeZero && code <= codeNine || code >= codeUppercaseA && code <= codeUppercaseF || code >= codeLowercaseA && code <= codeLowercaseF;
}
function isDigit(code) {
  return code >= codeZero && code <= codeNine;
}
function isNonZeroDigit(code) {
  return code >= codeOne && code <= codeNine;
}
function isValidStringCharacter(code) {
  return code >= 0x20 && code <= 0x10ffff;
}
function isDeepEqual(a, b) {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => isDeepEqual(item, b[index]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.every(key => isDeepEqual(a[key], b[key]));
  }
  return false;
}
function isObject(value) {
  return typeof value === 'object' && value !== null;
}

// map with all escape characters
const escapeCharacters = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t'
  // note that \u is handled separately in parseString()
};
const codeBackslash = 0x5c; // "\"
const codeOpeningBrace = 0x7b; // "{"
const codeClosingBrace = 0x7d; // "}"
const codeOpeningBracket = 0x5b; // "["
const codeClosingBracket = 0x5d; // "]"
const codeSpace = 0x20; // " "
const codeNewline = 0xa; // "\n"
const codeTab = 0x9; // "\t"
const codeReturn = 0xd; // "\r"
const codeDoubleQuote = 0x0022; // "
const codePlus = 0x2b; // "+"
const codeMinus = 0x2d; // "-"
const codeZero = 0x30;
const codeOne = 0x31;
const codeNine = 0x39;
const codeComma = 0x2c; // ","
const codeDot = 0x2e; // "." (dot, period)
const codeColon = 0x3a; // ":"
const codeUppercaseA = 0x41; // "A"
const codeLowercaseA = 0x61; // "a"
const codeUppercaseE = 0x45; // "E"
const codeLowercaseE = 0x65; // "e"
const codeUppercaseF = 0x46; // "F"
const codeLowercaseF = 0x66; // "f"
//# sourceMappingURL=parse.js.map
;// CONCATENATED MODULE: ./node_modules/lossless-json/lib/esm/stringify.js



/**
 * The LosslessJSON.stringify() method converts a JavaScript value to a JSON string,
 * optionally replacing values if a replacer function is specified, or
 * optionally including only the specified properties if a replacer array is specified.
 *
 * @param value
 * The value to convert to a JSON string.
 *
 * @param [replacer]
 * A function that alters the behavior of the stringification process,
 * or an array of String and Number objects that serve as a whitelist for
 * selecting the properties of the value object to be included in the JSON string.
 * If this value is null or not provided, all properties of the object are
 * included in the resulting JSON string.
 *
 * @param [space]
 * A String or Number object that's used to insert white space into the output
 * JSON string for readability purposes. If this is a Number, it indicates the
 * number of space characters to use as white space; this number is capped at 10
 * if it's larger than that. Values less than 1 indicate that no space should be
 * used. If this is a String, the string (or the first 10 characters of the string,
 * if it's longer than that) is used as white space. If this parameter is not
 * provided (or is null), no white space is used.
 *
 * @param [numberStringifiers]
 * An optional list with additional number stringifiers, for example to serialize
 * a BigNumber. The output of the function must be valid stringified JSON.
 * When `undefined` is returned, the property will be deleted from the object.
 * The difference with using a `replacer` is that the output of a `replacer`
 * must be JSON and will be stringified afterwards, whereas the output of the
 * `numberStringifiers` is already stringified JSON.
 *
 * @returns Returns the string representation of the JSON object.
 */
function stringify(value, replacer, space, numberStringifiers) {
  const resolvedSpace = resolveSpace(space);
  const replacedValue = typeof replacer === 'function' ? replacer.call({
    '': value
  }, '', value) : value;
  return stringifyValue(replacedValue, '');

  /**
   * Stringify a value
   */
  function stringifyValue(value, indent) {
    if (Array.isArray(numberStringifiers)) {
      const stringifier = numberStringifiers.find(item => item.test(value));
      if (stringifier) {
        const str = stringifier.stringify(value);
        if (typeof str !== 'string' || !isNumber(str)) {
          throw new Error(`Invalid JSON number: output of a number stringifier must be a string containing a JSON number (output: ${str})`);
        }
        return str;
      }
    }

    // boolean, null, number, string, or date
    if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string' || value === null || value instanceof Date || value instanceof Boolean || value instanceof Number || value instanceof String) {
      return JSON.stringify(value);
    }

    // lossless number, the secret ingredient :)
    if (isLosslessNumber(value)) {
      return value.toString();
    }

    // BigInt
    if (typeof value === 'bigint') {
      return value.toString();
    }

    // Array
    if (Array.isArray(value)) {
      return stringifyArray(value, indent);
    }

    // Object (test lastly!)
    if (value && typeof value === 'object') {
      return stringifyObject(value, indent);
    }
    return undefined;
  }

  /**
   * Stringify an array
   */
  function stringifyArray(array, indent) {
    if (array.length === 0) {
      return '[]';
    }
    const childIndent = resolvedSpace ? indent + resolvedSpace : undefined;
    let str = resolvedSpace ? '[\n' : '[';
    for (let i = 0; i < array.length; i++) {
      const item = typeof replacer === 'function' ? replacer.call(array, String(i), array[i]) : array[i];
      if (resolvedSpace) {
        str += childIndent;
      }
      if (typeof item !== 'undefined' && typeof item !== 'function') {
        const serialized = stringifyValue(item, childIndent);
        // Values without a JSON representation (a symbol, or an object whose
        // toJSON() returns undefined) become null inside an array.
        str += serialized === undefined ? 'null' : serialized;
      } else {
        str += 'null';
      }
      if (i < array.length - 1) {
        str += resolvedSpace ? ',\n' : ',';
      }
    }
    str += resolvedSpace ? `\n${indent}]` : ']';
    return str;
  }

  /**
   * Stringify an object
   */
  function stringifyObject(object, indent) {
    if (typeof object.toJSON === 'function') {
      return stringifyValue(object.toJSON(), indent);
    }

    // A replacer array is a property whitelist: duplicates must not produce
    // duplicate keys in the output.
    const keys = Array.isArray(replacer) ? [...new Set(replacer.map(String))] : Object.keys(object);
    if (keys.length === 0) {
      return '{}';
    }
    const childIndent = resolvedSpace ? indent + resolvedSpace : undefined;
    let first = true;
    let str = resolvedSpace ? '{\n' : '{';
    for (const key of keys) {
      const value = typeof replacer === 'function' ? replacer.call(object, key, object[key]) : object[key];
      if (includeProperty(key, value)) {
        const serialized = stringifyValue(value, childIndent);
        // Like JSON.stringify, omit properties that have no JSON
        // representation (e.g. an object whose toJSON() returns undefined).
        if (serialized === undefined) {
          continue;
        }
        if (first) {
          first = false;
        } else {
          str += resolvedSpace ? ',\n' : ',';
        }
        const keyStr = JSON.stringify(key);
        str += resolvedSpace ? `${childIndent + keyStr}: ` : `${keyStr}:`;
        str += serialized;
      }
    }
    str += resolvedSpace ? `\n${indent}}` : '}';
    return str;
  }

  /**
   * Test whether to include a property in a stringified object or not.
   */
  function includeProperty(_key, value) {
    return typeof value !== 'undefined' && typeof value !== 'function' && typeof value !== 'symbol';
  }
}

/**
 * The number of spaces or characters a space is capped to, like JSON.stringify does
 */
const MAX_SPACE_LENGTH = 10;

/**
 * Resolve a JSON stringify space:
 * replace a number with a string containing that number of spaces
 */
function resolveSpace(space) {
  if (typeof space === 'number') {
    // same rules as JSON.stringify: truncate towards zero, cap at 10,
    // and treat anything below 1 (including NaN and negatives) as no indent
    const count = Math.min(Math.trunc(space), MAX_SPACE_LENGTH);
    return count >= 1 ? ' '.repeat(count) : undefined;
  }
  if (typeof space === 'string' && space !== '') {
    return space.slice(0, MAX_SPACE_LENGTH);
  }
  return undefined;
}
//# sourceMappingURL=stringify.js.map
;// CONCATENATED MODULE: ./node_modules/lossless-json/lib/esm/index.js








//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./src/util/json.ts

function parseNumber(text) {
    if (isSafeNumber(text))
        return Number(text);
    if (/^-?\d+$/.test(text))
        return BigInt(text);
    // A non-integer that does not round-trip (e.g. many decimals): keep the nearest double, as every SDK does.
    return Number(text);
}
/** Parses JSON without losing integer precision. Throws SyntaxError with a position on bad input. */
function parseJson(text) {
    return parse(text, null, parseNumber);
}
/** Compact JSON for request bodies; bigint is written as a plain JSON number. */
function toJson(value) {
    return stringify(value) ?? 'null';
}
/**
 * Deterministic JSON for files in the snapshot: keys sorted at every level, two-space indent, LF line ends,
 * one trailing newline. The same value always gives the same bytes.
 */
function stableJson(value) {
    return (stringify(sortKeys(value), undefined, 2) ?? 'null') + '\n';
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
        const out = {};
        for (const key of Object.keys(value).sort()) {
            const v = value[key];
            if (v !== undefined)
                out[key] = sortKeys(v);
        }
        return out;
    }
    return value;
}
function isJsonObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/databricks/errors.ts

/** An error answered by the Databricks REST API, in whichever of its error conventions it came. */
class ApiError extends Error {
    status;
    errorCode;
    method;
    path;
    retryAfterSeconds;
    constructor(status, errorCode, message, method, path, retryAfterSeconds) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.method = method;
        this.path = path;
        this.retryAfterSeconds = retryAfterSeconds;
        this.name = 'ApiError';
    }
    /** One line for people: what failed, how the server answered. */
    describe() {
        return `${this.method} ${this.path} failed: HTTP ${this.status} ${this.errorCode}: ${this.message}`;
    }
    get isNotFound() {
        return (this.status === 404 ||
            this.errorCode === 'RESOURCE_DOES_NOT_EXIST' ||
            (this.status === 400 && / does not exist|doesn't exist/i.test(this.message)));
    }
    get isAlreadyExists() {
        return this.errorCode === 'RESOURCE_ALREADY_EXISTS' || this.errorCode === 'ALREADY_EXISTS';
    }
    get isAuth() {
        return this.status === 401 || (this.status === 403 && this.errorCode !== 'PERMISSION_DENIED');
    }
}
/** The request never got an HTTP answer (refused, reset, DNS, timeout). */
class TransportError extends Error {
    method;
    path;
    kind;
    constructor(message, method, path, kind) {
        super(message);
        this.method = method;
        this.path = path;
        this.kind = kind;
        this.name = 'TransportError';
    }
}
const REASON_PHRASES = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'RESOURCE_CONFLICT',
    429: 'TOO_MANY_REQUESTS',
    499: 'CANCELLED',
    500: 'INTERNAL_ERROR',
    501: 'NOT_IMPLEMENTED',
    503: 'TEMPORARILY_UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
};
/**
 * Parses every error body convention the API uses (reference §1.3): standard `{error_code, message}`,
 * `error_code` as a number (invalid PAT), legacy `{error}`, SCIM `{detail, status, scimType}`, plain
 * `CODE: message` text, HTML pages, and empty bodies.
 */
function parseApiError(status, statusText, body, headers, method, path) {
    const fallbackCode = REASON_PHRASES[status] ?? `HTTP_${status}`;
    const reason = headers.get('x-databricks-reason-phrase') ?? '';
    const retryAfter = parseRetryAfter(headers.get('retry-after'));
    let code = fallbackCode;
    let message = '';
    const text = body.trim();
    if (text.startsWith('{')) {
        try {
            const json = parseJson(text);
            if (isJsonObject(json)) {
                if (typeof json.error_code === 'string' && json.error_code)
                    code = json.error_code;
                if (typeof json.message === 'string')
                    message = json.message;
                else if (typeof json.error === 'string')
                    message = json.error;
                if (typeof json.detail === 'string') {
                    code = `SCIM_${String(json.status ?? status)}`;
                    message = [json.scimType, json.detail].filter((v) => typeof v === 'string' && v).join(' ');
                }
            }
        }
        catch {
            message = text;
        }
    }
    else if (/^<(!doctype|html)/i.test(text)) {
        const pre = /<pre>([\s\S]*?)<\/pre>/i.exec(text) ?? /<title>([\s\S]*?)<\/title>/i.exec(text);
        message = pre ? pre[1].trim() : '';
    }
    else if (text) {
        const plain = /^([A-Z_]+): ([\s\S]*)$/.exec(text);
        if (plain) {
            code = plain[1];
            message = plain[2];
        }
        else
            message = text;
    }
    if (!message)
        message = reason || statusText || fallbackCode;
    return new ApiError(status, code, errors_oneLine(message), method, path, retryAfter);
}
function parseRetryAfter(value) {
    if (!value)
        return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0)
        return seconds;
    const date = Date.parse(value);
    if (!Number.isNaN(date))
        return Math.max(0, (date - Date.now()) / 1000);
    return undefined;
}
function errors_oneLine(text) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > 500 ? `${line.slice(0, 500)}...` : line;
}

;// CONCATENATED MODULE: ./src/databricks/rate-limits.ts
/**
 * Databricks limits API calls per workspace and per endpoint, not per workspace as a whole (reference
 * §18.1): workspace export and import, DBFS, the Permissions API and SCIM each have their own budget.
 * One table, read by the emulator (to throttle like a workspace does) and by the client (to keep a 429 on
 * one endpoint from pausing the others, and to pace a run that is told the limits). Pure.
 */
/**
 * The per-endpoint limits the reference quotes (§18.1: a secondary source, marked UNVERIFIED there, and
 * the only published numbers). The first matching row wins; a request no row matches shares the default
 * budget of whoever uses the table.
 */
const DATABRICKS_ENDPOINT_LIMITS = [
    { name: 'workspace/export', methods: ['GET'], path: /^\/api\/2\.0\/workspace\/export$/, rps: 60 },
    { name: 'workspace/import', methods: ['POST'], path: /^\/api\/2\.0\/workspace\/import$/, rps: 30 },
    { name: 'jobs/create', methods: ['POST'], path: /^\/api\/2\.\d\/jobs\/create$/, rps: 20 },
    { name: 'dbfs', path: /^\/api\/2\.0\/dbfs\//, rps: 30 },
    { name: 'permissions read', methods: ['GET'], path: /^\/api\/2\.0\/permissions\//, rps: 100 },
    { name: 'permissions write', methods: ['PUT', 'PATCH'], path: /^\/api\/2\.0\/permissions\//, rps: 30 },
    { name: 'secrets', path: /^\/api\/2\.0\/secrets\//, rps: 1100 / 60 },
    { name: 'scim read', methods: ['GET'], path: /^\/api\/2\.0\/(preview\/)?scim\/v2\//, rps: 255 / 60 },
];
/** The budget a request draws from: a row of the table, or undefined for the default budget. */
function endpointLimit(method, path, table = DATABRICKS_ENDPOINT_LIMITS) {
    const m = method.toUpperCase();
    const p = path.split('?')[0];
    return table.find((row) => (!row.methods || row.methods.includes(m)) && row.path.test(p));
}

;// CONCATENATED MODULE: ./src/databricks/retry.ts
const DEFAULT_RETRY_POLICY = {
    maxAttempts: 8,
    budgetMs: 300_000,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
};
/**
 * 429 means the server refused the request before doing anything, so every request may be retried; so may
 * a connection refused before anything was sent. 503/504/500, timeouts and resets may have happened after
 * the server acted: only idempotent requests are retried then, never a create (a retried POST can make a
 * duplicate job).
 */
function decideRetry(input, policy = DEFAULT_RETRY_POLICY) {
    const { outcome, attempt, idempotent } = input;
    let retriable;
    let retryAfterMs;
    switch (outcome.kind) {
        case 'status':
            if (outcome.status === 429)
                retriable = true;
            else if ([500, 502, 503, 504].includes(outcome.status) || outcome.transientMessage)
                retriable = idempotent;
            else
                retriable = false;
            if (outcome.retryAfterSeconds !== undefined)
                retryAfterMs = outcome.retryAfterSeconds * 1000;
            break;
        case 'timeout':
            retriable = idempotent;
            break;
        case 'connection':
            retriable = idempotent || outcome.beforeSend;
            break;
    }
    if (!retriable)
        return { retry: false, reason: 'not retriable' };
    const throttled = outcome.kind === 'status' && outcome.status === 429;
    if (attempt >= policy.maxAttempts && !throttled)
        return { retry: false, reason: `gave up after ${attempt} attempts` };
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, attempt - 1));
    // Jitter spreads the clients that were throttled together; Retry-After is a floor, never shortened, and
    // a Retry-After of 0 still backs off exponentially.
    const jittered = backoff * (0.5 + input.random * 0.5);
    const delayMs = retryAfterMs !== undefined && retryAfterMs > jittered
        ? Math.min(retryAfterMs, policy.maxDelayMs * 2) + input.random * policy.baseDelayMs * 0.5
        : jittered;
    if (input.elapsedMs + delayMs > policy.budgetMs)
        return { retry: false, reason: `gave up after ${Math.round(input.elapsedMs / 1000)} s of retries` };
    return { retry: true, delayMs: Math.round(delayMs) };
}
/** Messages both official SDKs treat as transient whatever the status (reference §18.2). */
const TRANSIENT = [
    /UnknownWorkerEnvironmentException/,
    /does not have any associated worker environments/,
    /There is no worker environment with id/,
    /Unknown worker environment/,
    /ClusterNotReadyException/,
    /Please try again later or try a faster operation/,
    /RPC token bucket limit has been exceeded/,
    /REQUEST_LIMIT_EXCEEDED/,
];
function isTransientMessage(message) {
    return TRANSIENT.some((re) => re.test(message));
}

;// CONCATENATED MODULE: ./src/databricks/client.ts






const sleepReal = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * The one HTTP client for the Databricks REST API: auth headers, lossless JSON, typed errors, retries
 * with backoff on 429/5xx honouring Retry-After, a per-attempt timeout and a global concurrency limit.
 */
class DatabricksClient {
    options;
    host;
    stats = { requests: 0, retries: 0, throttled: 0 };
    limit;
    policy;
    fetchFn;
    sleep;
    random;
    now;
    timeoutMs;
    /**
     * After a 429 every request of the same budget waits until this moment, so a throttled endpoint slows
     * down as a whole while the others go on. Keyed by budget name ('' is everything no row names).
     */
    pausedUntil = new Map();
    /** Client-side rate limits, per budget ('*' = global). */
    gates = new Map();
    readAheads = new Map();
    /** Has the host answered anything yet? Until it has, a refused connection is a wrong host, not a blip. */
    reached = false;
    constructor(options) {
        this.options = options;
        this.host = options.host.replace(/\/+$/, '');
        this.limit = pLimit(Math.max(1, options.concurrency ?? 8));
        this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
        this.fetchFn = options.fetch ?? fetch;
        this.sleep = options.sleep ?? sleepReal;
        this.random = options.random ?? Math.random;
        this.now = options.now ?? Date.now;
        this.timeoutMs = options.timeoutMs ?? 60_000;
    }
    get(path, query) {
        if (!query) {
            const ahead = this.readAheads.get(path);
            if (ahead) {
                this.readAheads.delete(path);
                return ahead;
            }
        }
        return this.request('GET', path, { query });
    }
    /**
     * Starts a GET (without query) now that a later `get(path)` will take instead of asking again: a kind
     * that will need a read (an object's permissions) can start it while the object is being read, so the
     * two endpoints' budgets are spent side by side rather than one after the other. Taken once; a read
     * ahead nobody takes costs its request and nothing else (its failure is reported to whoever takes it).
     */
    readAhead(path) {
        if (this.readAheads.has(path))
            return;
        const pending = this.request('GET', path, {});
        pending.catch(() => undefined);
        this.readAheads.set(path, pending);
    }
    post(path, body, options = {}) {
        return this.request('POST', path, { body, idempotent: options.idempotent });
    }
    async getBytes(path, query) {
        return this.request('GET', path, { query, raw: true });
    }
    /** Runs one API call through the concurrency limit, retrying what may be retried. */
    request(method, path, options = {}) {
        return this.attemptAll(method, path, options);
    }
    /**
     * Token pagination (`page_token` -> `next_page_token`), the style of most list APIs. Yields the items
     * under `itemsKey` page by page; stops on a missing or empty token.
     */
    async *paginate(path, itemsKey, query = {}, tokenParam = 'page_token') {
        let token;
        const seen = new Set();
        for (;;) {
            const page = await this.get(path, token ? { ...query, [tokenParam]: token } : query);
            const items = page[itemsKey];
            if (Array.isArray(items))
                for (const item of items)
                    yield item;
            const next = page.next_page_token;
            if (typeof next !== 'string' || !next)
                return;
            if (seen.has(next))
                throw new Error(`${path} returned the page token '${next}' twice: stopping`);
            seen.add(next);
            token = next;
        }
    }
    async attemptAll(method, path, options) {
        const idempotent = options.idempotent ?? method !== 'POST';
        const started = this.now();
        const row = endpointLimit(method, path, this.options.endpointLimits ?? DATABRICKS_ENDPOINT_LIMITS);
        const budget = row?.name ?? '';
        const waitForBudget = async () => {
            const wait = (this.pausedUntil.get(budget) ?? 0) - this.now();
            if (wait > 0)
                await this.sleep(wait);
            await this.takeSlots(row);
        };
        // Waiting for its budget, a request leaves its place to requests of other endpoints; once it holds a
        // place it keeps it through its retries, so a struggling run puts less pressure on the workspace.
        await waitForBudget();
        return this.limit(() => this.attemptLoop(method, path, options, idempotent, started, budget, waitForBudget));
    }
    async attemptLoop(method, path, options, idempotent, started, budget, waitForBudget) {
        for (let attempt = 1;; attempt++) {
            if (attempt > 1)
                await waitForBudget();
            let outcome;
            let failure;
            try {
                return await this.attempt(method, path, options);
            }
            catch (error) {
                if (error instanceof ApiError) {
                    outcome = {
                        kind: 'status',
                        status: error.status,
                        retryAfterSeconds: error.retryAfterSeconds,
                        transientMessage: isTransientMessage(error.message),
                    };
                    if (error.status === 429) {
                        this.stats.throttled++;
                        const pause = (error.retryAfterSeconds ?? 1) * 1000;
                        this.pausedUntil.set(budget, Math.max(this.pausedUntil.get(budget) ?? 0, this.now() + pause));
                    }
                }
                else if (error instanceof TransportError &&
                    error.kind === 'connection' &&
                    !this.reached &&
                    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|CERT|certificate/i.test(error.message)) {
                    // Nothing ever answered: retrying for minutes would only hide a wrong host or a network rule.
                    throw error;
                }
                else if (error instanceof TransportError) {
                    outcome =
                        error.kind === 'timeout'
                            ? { kind: 'timeout' }
                            : { kind: 'connection', beforeSend: /ECONNREFUSED/.test(error.message) };
                }
                else
                    throw error;
                failure = error;
            }
            const decision = decideRetry({ outcome, attempt, elapsedMs: this.now() - started, idempotent, random: this.random() }, this.policy);
            if (!decision.retry) {
                if (attempt > 1)
                    failure.message += ` (${decision.reason})`;
                throw failure;
            }
            this.stats.retries++;
            this.options.log?.debug(`retrying ${method} ${path} in ${decision.delayMs} ms (attempt ${attempt})`);
            await this.sleep(decision.delayMs);
        }
    }
    /**
     * Waits for the client-side rate limits: the global one (`rateLimit`) and, when paced, the request's own
     * endpoint budget (`rateLimit` then stands for the default budget). Each lets `rateBurst` requests
     * through at once, then one per 1/rate s.
     */
    async takeSlots(row) {
        const global = this.options.rateLimit;
        if (this.options.paceEndpoints) {
            const rate = row ? row.rps : global;
            // A budget slower than the burst lets only a second's worth through at once, as the server does.
            if (rate)
                await this.takeSlot(row?.name ?? '', rate, row ? Math.ceil(rate) : Infinity);
        }
        else if (global)
            await this.takeSlot('*', global, Infinity);
    }
    /**
     * A sliding window per budget (p-throttle, strict): at most `burst` requests in any burst/rate seconds.
     * Unlike a schedule reserved when a request is made, a window is checked when it is sent, so a run
     * that was held up (a busy event loop, a slow disk) never catches up in one burst the workspace refuses.
     */
    async takeSlot(budget, rate, maxBurst) {
        if (rate <= 0)
            return;
        let gate = this.gates.get(budget);
        if (!gate) {
            const burst = Math.min(Math.max(1, this.options.rateBurst ?? 1), Math.max(1, maxBurst));
            gate = pThrottle({ limit: burst, interval: Math.ceil((burst * 1000) / rate), strict: true })(async () => undefined);
            this.gates.set(budget, gate);
        }
        await gate();
    }
    async attempt(method, path, options) {
        const url = this.host + path + encodeQuery(options.query);
        const headers = {
            ...(await this.options.credentials.headers()),
            'User-Agent': this.options.userAgent ?? 'databricks-dr',
        };
        let body;
        if (options.body !== undefined) {
            headers['Content-Type'] = 'application/json';
            body = toJson(options.body);
        }
        this.stats.requests++;
        let response;
        let text;
        let bytes;
        try {
            response = await this.fetchFn(url, {
                method,
                headers,
                body,
                signal: AbortSignal.timeout(this.timeoutMs),
                redirect: 'manual',
            });
            this.reached = true;
            bytes = Buffer.from(await response.arrayBuffer());
        }
        catch (error) {
            throw toTransportError(error, method, path, this.host, this.timeoutMs);
        }
        if (response.status >= 300) {
            text = bytes.toString('utf8');
            if (response.status < 400) {
                throw new ApiError(response.status, 'REDIRECT', `the host redirected to ${response.headers.get('location') ?? '?'}: is ${this.host} a Databricks workspace URL?`, method, path);
            }
            throw parseApiError(response.status, response.statusText, text, response.headers, method, path);
        }
        if (options.raw)
            return bytes;
        text = bytes.toString('utf8');
        if (!text.trim())
            return {};
        try {
            return parseJson(text);
        }
        catch {
            throw new ApiError(response.status, 'NOT_JSON', `the answer is not JSON (${(response.headers.get('content-type') ?? 'no content type').split(';')[0]}): is ${this.host} a Databricks workspace URL?`, method, path);
        }
    }
}
function encodeQuery(query) {
    if (!query)
        return '';
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
        if (value === undefined)
            continue;
        if (Array.isArray(value))
            for (const v of value)
                params.append(key, String(v));
        else
            params.append(key, String(value));
    }
    const text = params.toString();
    return text ? `?${text}` : '';
}
function toTransportError(error, method, path, host, timeoutMs) {
    const err = error;
    if (err.name === 'TimeoutError' || err.name === 'AbortError')
        return new TransportError(`${method} ${path}: no answer from ${host} within ${timeoutMs / 1000} s`, method, path, 'timeout');
    const code = err.cause?.code ?? '';
    const detail = code || err.cause?.message || err.message;
    return new TransportError(`${method} ${path}: cannot reach ${host} (${detail})`, method, path, 'connection');
}
function asArray(value) {
    return Array.isArray(value) ? value : [];
}


;// CONCATENATED MODULE: ./src/databricks/connect.ts



/**
 * Settings + environment + ~/.databrickscfg -> an authenticated client, following the Databricks unified
 * auth conventions. Secrets are reported to `onSecret` before any request is made.
 */
function connect(settings, deps) {
    const c = settings.connection;
    const config = resolveConfig({
        explicit: {
            host: c.host,
            token: c.token,
            profile: c.profile,
            authType: c.authType,
            clientId: c.clientId,
            clientSecret: c.clientSecret,
            azureClientId: c.azureClientId,
            azureClientSecret: c.azureClientSecret,
            azureTenantId: c.azureTenantId,
        },
        env: deps.env,
        homeDir: deps.homeDir,
    });
    const fetchFn = deps.fetch ?? fetch;
    const credentials = createCredentials(config, { fetch: fetchFn, env: deps.env });
    const announced = new Set();
    const announce = () => {
        for (const secret of credentials.secrets()) {
            if (announced.has(secret))
                continue;
            announced.add(secret);
            deps.onSecret?.(secret);
        }
    };
    announce();
    return new DatabricksClient({
        host: config.host,
        credentials: {
            // Tokens fetched later (OAuth, Azure AD) are masked the moment they exist.
            headers: async () => {
                const headers = await credentials.headers();
                announce();
                return headers;
            },
        },
        concurrency: settings.concurrency,
        timeoutMs: settings.timeoutSeconds * 1000,
        log: deps.log,
        fetch: fetchFn,
    });
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __nccwpck_require__(6);
var picomatch_default = /*#__PURE__*/__nccwpck_require__.n(picomatch);
// EXTERNAL MODULE: ./node_modules/@kwsites/file-exists/dist/index.js
var dist = __nccwpck_require__(117);
;// CONCATENATED MODULE: ./node_modules/@simple-git/args-pathspec/dist/index.mjs
const t = /* @__PURE__ */ new WeakMap();
function c(...n) {
  const e = new String(n);
  return t.set(e, n), e;
}
function dist_r(n) {
  return n instanceof String && t.has(n);
}
function dist_o(n) {
  return t.get(n) ?? [];
}

//# sourceMappingURL=index.mjs.map

// EXTERNAL MODULE: ./node_modules/debug/src/index.js
var src = __nccwpck_require__(830);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
// EXTERNAL MODULE: ./node_modules/@kwsites/promise-deferred/dist/index.js
var promise_deferred_dist = __nccwpck_require__(997);
;// CONCATENATED MODULE: ./node_modules/@simple-git/argv-parser/dist/index.mjs

function* U(e, t) {
  const n = t === "global";
  for (const o of e)
    o.isGlobal === n && (yield o);
}
const k = /* @__PURE__ */ new Set([
  "--add",
  "--edit",
  "--remove-section",
  "--rename-section",
  "--replace-all",
  "--unset",
  "--unset-all",
  "-e"
]), S = /* @__PURE__ */ new Set([
  "--get",
  "--get-all",
  "--get-color",
  "--get-colorbool",
  "--get-regexp",
  "--get-urlmatch",
  "--list",
  "-l"
]), P = /* @__PURE__ */ new Set([
  "edit",
  "remove-section",
  "rename-section",
  "set",
  "unset"
]), E = /* @__PURE__ */ new Set(["get", "get-color", "get-colorbool", "list"]);
function F(e, t) {
  for (const { name: o } of U(e, "task")) {
    if (k.has(o))
      return p(!0, t);
    if (S.has(o))
      return p(!1, t);
  }
  const n = t.at(0)?.toLowerCase();
  return n === void 0 ? null : P.has(n) ? p(!0, t.slice(1)) : E.has(n) ? p(!1, t.slice(1)) : t.length === 1 ? p(!1, t) : p(!0, t);
}
function p(e = !1, t = []) {
  const n = t.at(0)?.toLowerCase();
  return n === void 0 ? null : {
    isWrite: e,
    isRead: !e,
    key: n,
    value: t.at(1)
  };
}
function A(e, t) {
  return t.isWrite && t.value !== void 0 ? { key: t.key, value: t.value, scope: e } : { key: t.key, scope: e };
}
function M(e) {
  const t = e?.indexOf("=") || -1;
  return !e || t < 0 ? null : {
    key: e.slice(0, t).trim().toLowerCase(),
    value: e.slice(t + 1)
  };
}
function N(e) {
  for (const { name: t } of U(e, "task"))
    switch (t) {
      case "--global":
        return "global";
      case "--system":
        return "system";
      case "--worktree":
        return "worktree";
      case "--local":
        return "local";
      case "--file":
      case "-f":
        return "file";
    }
  return "local";
}
function G({ name: e }) {
  if (e === "-c" || e === "--config")
    return "inline";
  if (e === "--config-env")
    return "env";
}
function* O(e) {
  for (const t of e) {
    const n = G(t), o = n && M(t.value);
    o && (yield {
      ...o,
      scope: n
    });
  }
}
function L(e, t, n) {
  const o = {
    read: [],
    write: [...O(t)]
  };
  return e === "config" && $(
    o,
    N(t),
    F(t, n)
  ), o;
}
function $(e, t, n) {
  if (n === null)
    return;
  const o = A(t, n);
  n.isWrite ? e.write.push(o) : e.read.push(o);
}
const x = {
  short: /* @__PURE__ */ new Map([
    ["c", !0]
    //  -c <k=v>    set config key for this invocation
  ])
}, D = {
  short: new Map([
    ["C", !0],
    //  -C <path>   change working directory
    ["P", !1],
    // -P          no pager (alias for --no-pager)
    ["h", !1],
    // -h          help
    ["p", !1],
    // -p          paginate
    ["v", !1],
    // -v          version
    ...x.short.entries()
  ]),
  long: /* @__PURE__ */ new Set([
    "attr-source",
    "config-env",
    "exec-path",
    "git-dir",
    "list-cmds",
    "namespace",
    "super-prefix",
    "work-tree"
  ])
}, R = {
  clone: {
    short: /* @__PURE__ */ new Map([
      ["b", !0],
      // -b <branch>
      ["j", !0],
      // -j <n>          parallel jobs
      ["l", !1],
      // -l local
      ["n", !1],
      // -n no-checkout
      ["o", !0],
      // -o <name>       remote name
      ["q", !1],
      // -q quiet
      ["s", !1],
      // -s shared
      ["u", !0]
      // -u <upload-pack>
    ]),
    long: /* @__PURE__ */ new Set(["branch", "config", "jobs", "origin", "upload-pack", "u", "template"])
  },
  commit: {
    short: /* @__PURE__ */ new Map([
      ["C", !0],
      // -C <commit>  reuse message
      ["F", !0],
      // -F <file>    read message from file
      ["c", !0],
      // -c <commit>  reedit message
      ["m", !0],
      // -m <msg>
      ["t", !0]
      // -t <template>
    ]),
    long: /* @__PURE__ */ new Set(["file", "message", "reedit-message", "reuse-message", "template"])
  },
  config: {
    short: /* @__PURE__ */ new Map([
      ["e", !1],
      // -e  open editor
      ["f", !0],
      //  -f <file>
      ["l", !1]
      // -l  list
    ]),
    long: /* @__PURE__ */ new Set(["blob", "comment", "default", "file", "type", "value"])
  },
  fetch: {
    short: /* @__PURE__ */ new Map(),
    long: /* @__PURE__ */ new Set(["upload-pack"])
  },
  init: {
    short: /* @__PURE__ */ new Map(),
    long: /* @__PURE__ */ new Set(["template"])
  },
  pull: {
    short: /* @__PURE__ */ new Map(),
    long: /* @__PURE__ */ new Set(["upload-pack"])
  },
  push: {
    short: /* @__PURE__ */ new Map(),
    long: /* @__PURE__ */ new Set(["exec", "receive-pack"])
  }
}, T = { short: /* @__PURE__ */ new Map(), long: /* @__PURE__ */ new Set() };
function I(e) {
  const t = R[e ?? ""] ?? T;
  return {
    short: new Map([...x.short.entries(), ...t.short.entries()]),
    long: t.long
  };
}
function b(e, t = D) {
  if (e.startsWith("--")) {
    const n = e.indexOf("=");
    if (n > 2)
      return [{ name: e.slice(0, n), value: e.slice(n + 1), needsNext: !1 }];
    const o = e.slice(2);
    return [{ name: e, needsNext: t.long.has(o) }];
  }
  if (e.length === 2) {
    const n = e.charAt(1), o = t.short.get(n);
    return [{ name: e, needsNext: o === !0 }];
  }
  return W(e, t.short);
}
function W(e, t) {
  const n = e.slice(1).split(""), o = [];
  for (let s = 0; s < n.length; s++) {
    const r = n[s], l = t.get(r);
    if (l === void 0)
      return [{ name: e, needsNext: !1 }];
    if (l) {
      const a = n.slice(s + 1).join("");
      if (a && ![...a].every((w) => t.has(w)))
        return o.push({ name: `-${r}`, value: a, needsNext: !1 }), o;
    }
    o.push({ name: `-${r}`, needsNext: l });
  }
  return o;
}
function j(e, t = []) {
  let n = 0;
  for (; n < e.length; ) {
    const o = String(e[n]);
    if (!o.startsWith("-") || o.length < 2) break;
    const s = b(o);
    let r = n + 1;
    for (const l of s) {
      const a = {
        name: l.name,
        value: l.value,
        absorbedNext: !1,
        isGlobal: !0
      };
      l.needsNext && a.value === void 0 && r < e.length && (a.value = String(e[r]), a.absorbedNext = !0, r++), t.push(a);
    }
    n = r;
  }
  return { flags: t, taskIndex: n };
}
function B(e, t, n = []) {
  const o = I(t), s = [], r = [];
  let l = 0;
  for (; l < e.length; ) {
    const a = e[l];
    if (dist_r(a)) {
      r.push(...dist_o(a)), l++;
      continue;
    }
    const f = String(a);
    if (f === "--") {
      for (let g = l + 1; g < e.length; g++) {
        const u = e[g];
        dist_r(u) ? r.push(...dist_o(u)) : r.push(String(u));
      }
      break;
    }
    if (!f.startsWith("-") || f.length < 2) {
      s.push(f), l++;
      continue;
    }
    const w = b(f, o);
    let d = l + 1;
    for (const g of w) {
      const u = {
        name: g.name,
        value: g.value,
        absorbedNext: !1,
        isGlobal: !1
      };
      g.needsNext && u.value === void 0 && d < e.length && !dist_r(e[d]) && (u.value = String(e[d]), u.absorbedNext = !0, d++), n.push(u);
    }
    l = d;
  }
  return { flags: n, positionals: s, pathspecs: r };
}
function* V({
  write: e
}) {
  for (const t of e)
    for (const n of q) {
      const o = n(t.key);
      o && (yield o);
    }
}
function dist_c(e, t, n = String(e)) {
  const o = typeof e == "string" ? new RegExp(`\\s*${e.toLowerCase()}`) : e;
  return function(r) {
    if (o.test(r))
      return {
        category: t,
        message: `Configuring ${n} is not permitted without enabling ${t}`
      };
  };
}
function i(e, t) {
  const n = new RegExp(`\\s*${e.toLowerCase().replace(/\./g, "(..+)?.")}`);
  return dist_c(n, t, e);
}
const q = [
  dist_c("alias", "allowUnsafeAlias"),
  dist_c("core.askPass", "allowUnsafeAskPass"),
  dist_c("core.editor", "allowUnsafeEditor"),
  dist_c("core.fsmonitor", "allowUnsafeFsMonitor"),
  dist_c("core.gitProxy", "allowUnsafeGitProxy"),
  dist_c("core.hooksPath", "allowUnsafeHooksPath"),
  dist_c("core.pager", "allowUnsafePager"),
  dist_c("core.sshCommand", "allowUnsafeSshCommand"),
  i("credential.helper", "allowUnsafeCredentialHelper"),
  i("diff.command", "allowUnsafeDiffExternal"),
  dist_c("diff.external", "allowUnsafeDiffExternal"),
  i("diff.textconv", "allowUnsafeDiffTextConv"),
  i("filter.clean", "allowUnsafeFilter"),
  i("filter.smudge", "allowUnsafeFilter"),
  i("gpg.program", "allowUnsafeGpgProgram"),
  dist_c("init.templateDir", "allowUnsafeTemplateDir"),
  i("merge.driver", "allowUnsafeMergeDriver"),
  i("mergetool.path", "allowUnsafeMergeDriver"),
  i("mergetool.cmd", "allowUnsafeMergeDriver"),
  i("protocol.allow", "allowUnsafeProtocolOverride"),
  i("remote.receivepack", "allowUnsafePack"),
  i("remote.uploadpack", "allowUnsafePack"),
  dist_c("sequence.editor", "allowUnsafeEditor")
];
function* K(e, t) {
  for (const n of t)
    for (const o of H) {
      const s = o(e, n.name);
      s && (yield s);
    }
}
function h(e, t, n, o = String(t)) {
  const s = typeof t == "string" ? new RegExp(`\\s*${t.toLowerCase()}`) : t, r = `Use of ${e ? `${e} with option ` : ""}${o} is not permitted without enabling ${n}`;
  return function(a, f) {
    if ((!e || a === e) && s.test(f))
      return {
        category: n,
        message: r
      };
  };
}
const H = [
  h(
    null,
    /--(upload|receive)-pack/,
    "allowUnsafePack",
    "--upload-pack or --receive-pack"
  ),
  h("clone", /^-\w*u/, "allowUnsafePack"),
  h("clone", "--u", "allowUnsafePack"),
  h("push", "--exec", "allowUnsafePack"),
  h(null, "--template", "allowUnsafeTemplateDir")
];
function C(e, t, n) {
  return [...K(e, t), ...V(n)];
}
function Y(...e) {
  const { flags: t, taskIndex: n } = j(e), o = n < e.length ? String(e[n]).toLowerCase() : null, s = o !== null ? e.slice(n + 1) : [], { positionals: r, pathspecs: l } = B(s, o, t), a = L(o, t, r);
  return {
    task: o,
    flags: t.map(J),
    paths: l,
    config: a,
    vulnerabilities: z(C(o, t, a))
  };
}
function z(e) {
  return Object.defineProperty(e, "vulnerabilities", {
    value: e
  });
}
function J({ value: e, name: t }) {
  return e !== void 0 ? { name: t, value: e } : { name: t };
}
const y = {
  editor: "allowUnsafeEditor",
  git_askpass: "allowUnsafeAskPass",
  git_config_global: "allowUnsafeConfigPaths",
  git_config_system: "allowUnsafeConfigPaths",
  git_config_count: "allowUnsafeConfigEnvCount",
  git_config: "allowUnsafeConfigPaths",
  git_editor: "allowUnsafeEditor",
  git_exec_path: "allowUnsafeConfigPaths",
  git_external_diff: "allowUnsafeDiffExternal",
  git_pager: "allowUnsafePager",
  git_proxy_command: "allowUnsafeGitProxy",
  git_template_dir: "allowUnsafeTemplateDir",
  git_sequence_editor: "allowUnsafeEditor",
  git_ssh: "allowUnsafeSshCommand",
  git_ssh_command: "allowUnsafeSshCommand",
  pager: "allowUnsafePager",
  prefix: "allowUnsafeConfigPaths",
  ssh_askpass: "allowUnsafeAskPass"
};
function* Q(e) {
  const t = parseInt(e.git_config_count ?? "0", 10);
  for (let n = 0; n < t; n++) {
    const o = e[`git_config_key_${n}`], s = e[`git_config_value_${n}`];
    o !== void 0 && (yield { key: o.toLowerCase().trim(), value: s, scope: "env" });
  }
}
function* X(e) {
  for (const t of Object.keys(e))
    if (_(t)) {
      const n = y[t];
      yield {
        category: n,
        message: `Use of "${t.toUpperCase()}" is not permitted without enabling ${n}`
      };
    }
}
function _(e) {
  return Object.hasOwn(y, e);
}
function Z(e) {
  const t = {};
  for (const [n, o] of Object.entries(e)) {
    const s = n.toLowerCase().trim();
    (_(s) || s.startsWith("git")) && (t[s] = String(o));
  }
  return t;
}
function ee(e) {
  const t = Z(e), n = {
    read: [],
    write: [...Q(t)]
  }, o = [
    ...X(t),
    ...C(null, [], n)
  ];
  return {
    config: n,
    vulnerabilities: o
  };
}
function ne(e, t) {
  return [...Y(...e).vulnerabilities, ...ee(t).vulnerabilities];
}

//# sourceMappingURL=index.mjs.map

;// CONCATENATED MODULE: external "node:events"
const external_node_events_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");
;// CONCATENATED MODULE: ./node_modules/simple-git/dist/esm/index.js
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res) => function __init() {
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};
var __commonJS = (cb, mod) => function __require() {
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/lib/errors/git-error.ts
var GitError;
var init_git_error = __esm({
  "src/lib/errors/git-error.ts"() {
    "use strict";
    GitError = class extends Error {
      constructor(task, message) {
        super(message);
        this.task = task;
        Object.setPrototypeOf(this, new.target.prototype);
      }
    };
  }
});

// src/lib/errors/git-response-error.ts
var GitResponseError;
var init_git_response_error = __esm({
  "src/lib/errors/git-response-error.ts"() {
    "use strict";
    init_git_error();
    GitResponseError = class extends GitError {
      constructor(git, message) {
        super(void 0, message || String(git));
        this.git = git;
      }
    };
  }
});

// src/lib/errors/task-configuration-error.ts
var TaskConfigurationError;
var init_task_configuration_error = __esm({
  "src/lib/errors/task-configuration-error.ts"() {
    "use strict";
    init_git_error();
    TaskConfigurationError = class extends GitError {
      constructor(message) {
        super(void 0, message);
      }
    };
  }
});

// src/lib/utils/util.ts

function asFunction(source) {
  if (typeof source !== "function") {
    return NOOP;
  }
  return source;
}
function isUserFunction(source) {
  return typeof source === "function" && source !== NOOP;
}
function splitOn(input, char) {
  const index = input.indexOf(char);
  if (index <= 0) {
    return [input, ""];
  }
  return [input.substr(0, index), input.substr(index + 1)];
}
function first(input, offset = 0) {
  return isArrayLike(input) && input.length > offset ? input[offset] : void 0;
}
function last(input, offset = 0) {
  if (isArrayLike(input) && input.length > offset) {
    return input[input.length - 1 - offset];
  }
}
function isArrayLike(input) {
  return filterHasLength(input);
}
function toLinesWithContent(input = "", trimmed2 = true, separator = "\n") {
  return input.split(separator).reduce((output, line) => {
    const lineContent = trimmed2 ? line.trim() : line;
    if (lineContent) {
      output.push(lineContent);
    }
    return output;
  }, []);
}
function forEachLineWithContent(input, callback) {
  return toLinesWithContent(input, true).map((line) => callback(line));
}
function folderExists(path) {
  return (0,dist.exists)(path, dist.FOLDER);
}
function append(target, item) {
  if (Array.isArray(target)) {
    if (!target.includes(item)) {
      target.push(item);
    }
  } else {
    target.add(item);
  }
  return item;
}
function including(target, item) {
  if (Array.isArray(target) && !target.includes(item)) {
    target.push(item);
  }
  return target;
}
function remove(target, item) {
  if (Array.isArray(target)) {
    const index = target.indexOf(item);
    if (index >= 0) {
      target.splice(index, 1);
    }
  } else {
    target.delete(item);
  }
  return item;
}
function esm_asArray(source) {
  return Array.isArray(source) ? source : [source];
}
function asCamelCase(str) {
  return str.replace(/[\s-]+(.)/g, (_all, chr) => {
    return chr.toUpperCase();
  });
}
function asStringArray(source) {
  return esm_asArray(source).map((item) => {
    return item instanceof String ? item : String(item);
  });
}
function asNumber(source, onNaN = 0) {
  if (source == null) {
    return onNaN;
  }
  const num = parseInt(source, 10);
  return Number.isNaN(num) ? onNaN : num;
}
function prefixedArray(input, prefix) {
  const output = [];
  for (let i = 0, max = input.length; i < max; i++) {
    output.push(prefix, input[i]);
  }
  return output;
}
function bufferToString(input) {
  return (Array.isArray(input) ? Buffer.concat(input) : input).toString("utf-8");
}
function pick(source, properties) {
  const out = {};
  properties.forEach((key) => {
    if (source[key] !== void 0) {
      out[key] = source[key];
    }
  });
  return out;
}
function delay(duration = 0) {
  return new Promise((done) => setTimeout(done, duration));
}
function orVoid(input) {
  if (input === false) {
    return void 0;
  }
  return input;
}
var NULL, NOOP, objectToString;
var init_util = __esm({
  "src/lib/utils/util.ts"() {
    "use strict";
    init_argument_filters();
    NULL = "\0";
    NOOP = () => {
    };
    objectToString = Object.prototype.toString.call.bind(Object.prototype.toString);
  }
});

// src/lib/utils/argument-filters.ts

function filterType(input, filter, def) {
  if (filter(input)) {
    return input;
  }
  return arguments.length > 2 ? def : void 0;
}
function filterPrimitives(input, omit) {
  const type = dist_r(input) ? "string" : typeof input;
  return /number|string|boolean/.test(type) && (!omit || !omit.includes(type));
}
function filterPlainObject(input) {
  return !!input && objectToString(input) === "[object Object]";
}
function filterFunction(input) {
  return typeof input === "function";
}
var filterArray, filterNumber, filterString, filterStringOrStringArray, filterHasLength;
var init_argument_filters = __esm({
  "src/lib/utils/argument-filters.ts"() {
    "use strict";
    init_util();
    filterArray = (input) => {
      return Array.isArray(input);
    };
    filterNumber = (input) => {
      return typeof input === "number";
    };
    filterString = (input) => {
      return typeof input === "string" || dist_r(input);
    };
    filterStringOrStringArray = (input) => {
      return filterString(input) || Array.isArray(input) && input.every(filterString);
    };
    filterHasLength = (input) => {
      if (input == null || "number|boolean|function".includes(typeof input)) {
        return false;
      }
      return typeof input.length === "number";
    };
  }
});

// src/lib/utils/exit-codes.ts
var ExitCodes;
var init_exit_codes = __esm({
  "src/lib/utils/exit-codes.ts"() {
    "use strict";
    ExitCodes = /* @__PURE__ */ ((ExitCodes2) => {
      ExitCodes2[ExitCodes2["SUCCESS"] = 0] = "SUCCESS";
      ExitCodes2[ExitCodes2["ERROR"] = 1] = "ERROR";
      ExitCodes2[ExitCodes2["NOT_FOUND"] = -2] = "NOT_FOUND";
      ExitCodes2[ExitCodes2["UNCLEAN"] = 128] = "UNCLEAN";
      return ExitCodes2;
    })(ExitCodes || {});
  }
});

// src/lib/utils/git-output-streams.ts
var GitOutputStreams;
var init_git_output_streams = __esm({
  "src/lib/utils/git-output-streams.ts"() {
    "use strict";
    GitOutputStreams = class _GitOutputStreams {
      constructor(stdOut, stdErr) {
        this.stdOut = stdOut;
        this.stdErr = stdErr;
      }
      asStrings() {
        return new _GitOutputStreams(this.stdOut.toString("utf8"), this.stdErr.toString("utf8"));
      }
    };
  }
});

// src/lib/utils/line-parser.ts
function useMatchesDefault() {
  throw new Error(`LineParser:useMatches not implemented`);
}
var LineParser, RemoteLineParser;
var init_line_parser = __esm({
  "src/lib/utils/line-parser.ts"() {
    "use strict";
    LineParser = class {
      constructor(regExp, useMatches) {
        this.matches = [];
        this.useMatches = useMatchesDefault;
        this.parse = (line, target) => {
          this.resetMatches();
          if (!this._regExp.every((reg, index) => this.addMatch(reg, index, line(index)))) {
            return false;
          }
          return this.useMatches(target, this.prepareMatches()) !== false;
        };
        this._regExp = Array.isArray(regExp) ? regExp : [regExp];
        if (useMatches) {
          this.useMatches = useMatches;
        }
      }
      resetMatches() {
        this.matches.length = 0;
      }
      prepareMatches() {
        return this.matches;
      }
      addMatch(reg, index, line) {
        const matched = line && reg.exec(line);
        if (matched) {
          this.pushMatch(index, matched);
        }
        return !!matched;
      }
      pushMatch(_index, matched) {
        this.matches.push(...matched.slice(1));
      }
    };
    RemoteLineParser = class extends LineParser {
      addMatch(reg, index, line) {
        return /^remote:\s/.test(String(line)) && super.addMatch(reg, index, line);
      }
      pushMatch(index, matched) {
        if (index > 0 || matched.length > 1) {
          super.pushMatch(index, matched);
        }
      }
    };
  }
});

// src/lib/utils/simple-git-options.ts
function createInstanceConfig(...options) {
  const baseDir = process.cwd();
  const config = Object.assign(
    { baseDir, ...defaultOptions },
    ...options.filter((o) => typeof o === "object" && o)
  );
  config.baseDir = config.baseDir || baseDir;
  config.trimmed = config.trimmed === true;
  return config;
}
var defaultOptions;
var init_simple_git_options = __esm({
  "src/lib/utils/simple-git-options.ts"() {
    "use strict";
    defaultOptions = {
      binary: "git",
      maxConcurrentProcesses: 5,
      config: [],
      trimmed: false
    };
  }
});

// src/lib/utils/task-options.ts

function appendTaskOptions(options, commands = []) {
  if (!filterPlainObject(options)) {
    return commands;
  }
  return Object.keys(options).reduce((commands2, key) => {
    const value = options[key];
    if (dist_r(value)) {
      commands2.push(value);
    } else if (filterPrimitives(value, ["boolean"])) {
      commands2.push(key + "=" + value);
    } else if (Array.isArray(value)) {
      for (const v of value) {
        if (!filterPrimitives(v, ["string", "number"])) {
          commands2.push(key + "=" + v);
        }
      }
    } else {
      commands2.push(key);
    }
    return commands2;
  }, commands);
}
function getTrailingOptions(args, initialPrimitive = 0, objectOnly = false) {
  const command = [];
  for (let i = 0, max = initialPrimitive < 0 ? args.length : initialPrimitive; i < max; i++) {
    if ("string|number".includes(typeof args[i])) {
      command.push(String(args[i]));
    }
  }
  appendTaskOptions(trailingOptionsArgument(args), command);
  if (!objectOnly) {
    command.push(...trailingArrayArgument(args));
  }
  return command;
}
function trailingArrayArgument(args) {
  const hasTrailingCallback = typeof last(args) === "function";
  return asStringArray(filterType(last(args, hasTrailingCallback ? 1 : 0), filterArray, []));
}
function trailingOptionsArgument(args) {
  const hasTrailingCallback = filterFunction(last(args));
  return filterType(last(args, hasTrailingCallback ? 1 : 0), filterPlainObject);
}
function trailingFunctionArgument(args, includeNoop = true) {
  const callback = asFunction(last(args));
  return includeNoop || isUserFunction(callback) ? callback : void 0;
}
var init_task_options = __esm({
  "src/lib/utils/task-options.ts"() {
    "use strict";
    init_argument_filters();
    init_util();
  }
});

// src/lib/utils/task-parser.ts
function callTaskParser(parser4, streams) {
  return parser4(streams.stdOut, streams.stdErr);
}
function parseStringResponse(result, parsers12, texts, trim = true) {
  esm_asArray(texts).forEach((text) => {
    for (let lines = toLinesWithContent(text, trim), i = 0, max = lines.length; i < max; i++) {
      const line = (offset = 0) => {
        if (i + offset >= max) {
          return;
        }
        return lines[i + offset];
      };
      parsers12.some(({ parse }) => parse(line, result));
    }
  });
  return result;
}
var init_task_parser = __esm({
  "src/lib/utils/task-parser.ts"() {
    "use strict";
    init_util();
  }
});

// src/lib/utils/index.ts
var utils_exports = {};
__export(utils_exports, {
  ExitCodes: () => ExitCodes,
  GitOutputStreams: () => GitOutputStreams,
  LineParser: () => LineParser,
  NOOP: () => NOOP,
  NULL: () => NULL,
  RemoteLineParser: () => RemoteLineParser,
  append: () => append,
  appendTaskOptions: () => appendTaskOptions,
  asArray: () => esm_asArray,
  asCamelCase: () => asCamelCase,
  asFunction: () => asFunction,
  asNumber: () => asNumber,
  asStringArray: () => asStringArray,
  bufferToString: () => bufferToString,
  callTaskParser: () => callTaskParser,
  createInstanceConfig: () => createInstanceConfig,
  delay: () => delay,
  filterArray: () => filterArray,
  filterFunction: () => filterFunction,
  filterHasLength: () => filterHasLength,
  filterNumber: () => filterNumber,
  filterPlainObject: () => filterPlainObject,
  filterPrimitives: () => filterPrimitives,
  filterString: () => filterString,
  filterStringOrStringArray: () => filterStringOrStringArray,
  filterType: () => filterType,
  first: () => first,
  folderExists: () => folderExists,
  forEachLineWithContent: () => forEachLineWithContent,
  getTrailingOptions: () => getTrailingOptions,
  including: () => including,
  isUserFunction: () => isUserFunction,
  last: () => last,
  objectToString: () => objectToString,
  orVoid: () => orVoid,
  parseStringResponse: () => parseStringResponse,
  pick: () => pick,
  prefixedArray: () => prefixedArray,
  remove: () => remove,
  splitOn: () => splitOn,
  toLinesWithContent: () => toLinesWithContent,
  trailingFunctionArgument: () => trailingFunctionArgument,
  trailingOptionsArgument: () => trailingOptionsArgument
});
var init_utils = __esm({
  "src/lib/utils/index.ts"() {
    "use strict";
    init_argument_filters();
    init_exit_codes();
    init_git_output_streams();
    init_line_parser();
    init_simple_git_options();
    init_task_options();
    init_task_parser();
    init_util();
  }
});

// src/lib/tasks/check-is-repo.ts
var check_is_repo_exports = {};
__export(check_is_repo_exports, {
  CheckRepoActions: () => CheckRepoActions,
  checkIsBareRepoTask: () => checkIsBareRepoTask,
  checkIsRepoRootTask: () => checkIsRepoRootTask,
  checkIsRepoTask: () => checkIsRepoTask
});
function checkIsRepoTask(action) {
  switch (action) {
    case "bare" /* BARE */:
      return checkIsBareRepoTask();
    case "root" /* IS_REPO_ROOT */:
      return checkIsRepoRootTask();
  }
  const commands = ["rev-parse", "--is-inside-work-tree"];
  return {
    commands,
    format: "utf-8",
    onError,
    parser
  };
}
function checkIsRepoRootTask() {
  const commands = ["rev-parse", "--git-dir"];
  return {
    commands,
    format: "utf-8",
    onError,
    parser(path) {
      return /^\.(git)?$/.test(path.trim());
    }
  };
}
function checkIsBareRepoTask() {
  const commands = ["rev-parse", "--is-bare-repository"];
  return {
    commands,
    format: "utf-8",
    onError,
    parser
  };
}
function isNotRepoMessage(error) {
  return /(Not a git repository|Kein Git-Repository)/i.test(String(error));
}
var CheckRepoActions, onError, parser;
var init_check_is_repo = __esm({
  "src/lib/tasks/check-is-repo.ts"() {
    "use strict";
    init_utils();
    CheckRepoActions = /* @__PURE__ */ ((CheckRepoActions2) => {
      CheckRepoActions2["BARE"] = "bare";
      CheckRepoActions2["IN_TREE"] = "tree";
      CheckRepoActions2["IS_REPO_ROOT"] = "root";
      return CheckRepoActions2;
    })(CheckRepoActions || {});
    onError = ({ exitCode }, error, done, fail) => {
      if (exitCode === 128 /* UNCLEAN */ && isNotRepoMessage(error)) {
        return done(Buffer.from("false"));
      }
      fail(error);
    };
    parser = (text) => {
      return text.trim() === "true";
    };
  }
});

// src/lib/responses/CleanSummary.ts
function cleanSummaryParser(dryRun, text) {
  const summary = new CleanResponse(dryRun);
  const regexp = dryRun ? dryRunRemovalRegexp : removalRegexp;
  toLinesWithContent(text).forEach((line) => {
    const removed = line.replace(regexp, "");
    summary.paths.push(removed);
    (isFolderRegexp.test(removed) ? summary.folders : summary.files).push(removed);
  });
  return summary;
}
var CleanResponse, removalRegexp, dryRunRemovalRegexp, isFolderRegexp;
var init_CleanSummary = __esm({
  "src/lib/responses/CleanSummary.ts"() {
    "use strict";
    init_utils();
    CleanResponse = class {
      constructor(dryRun) {
        this.dryRun = dryRun;
        this.paths = [];
        this.files = [];
        this.folders = [];
      }
    };
    removalRegexp = /^[a-z]+\s*/i;
    dryRunRemovalRegexp = /^[a-z]+\s+[a-z]+\s*/i;
    isFolderRegexp = /\/$/;
  }
});

// src/lib/tasks/task.ts
var task_exports = {};
__export(task_exports, {
  EMPTY_COMMANDS: () => EMPTY_COMMANDS,
  adhocExecTask: () => adhocExecTask,
  configurationErrorTask: () => configurationErrorTask,
  isBufferTask: () => isBufferTask,
  isEmptyTask: () => isEmptyTask,
  straightThroughBufferTask: () => straightThroughBufferTask,
  straightThroughStringTask: () => straightThroughStringTask
});
function adhocExecTask(parser4) {
  return {
    commands: EMPTY_COMMANDS,
    format: "empty",
    parser: parser4
  };
}
function configurationErrorTask(error) {
  return {
    commands: EMPTY_COMMANDS,
    format: "empty",
    parser() {
      throw typeof error === "string" ? new TaskConfigurationError(error) : error;
    }
  };
}
function straightThroughStringTask(commands, trimmed2 = false) {
  return {
    commands,
    format: "utf-8",
    parser(text) {
      return trimmed2 ? String(text).trim() : text;
    }
  };
}
function straightThroughBufferTask(commands) {
  return {
    commands,
    format: "buffer",
    parser(buffer) {
      return buffer;
    }
  };
}
function isBufferTask(task) {
  return task.format === "buffer";
}
function isEmptyTask(task) {
  return task.format === "empty" || !task.commands.length;
}
var EMPTY_COMMANDS;
var init_task = __esm({
  "src/lib/tasks/task.ts"() {
    "use strict";
    init_task_configuration_error();
    EMPTY_COMMANDS = [];
  }
});

// src/lib/tasks/clean.ts
var clean_exports = {};
__export(clean_exports, {
  CONFIG_ERROR_INTERACTIVE_MODE: () => CONFIG_ERROR_INTERACTIVE_MODE,
  CONFIG_ERROR_MODE_REQUIRED: () => CONFIG_ERROR_MODE_REQUIRED,
  CONFIG_ERROR_UNKNOWN_OPTION: () => CONFIG_ERROR_UNKNOWN_OPTION,
  CleanOptions: () => CleanOptions,
  cleanTask: () => cleanTask,
  cleanWithOptionsTask: () => cleanWithOptionsTask,
  isCleanOptionsArray: () => isCleanOptionsArray
});
function cleanWithOptionsTask(mode, customArgs) {
  const { cleanMode, options, valid } = getCleanOptions(mode);
  if (!cleanMode) {
    return configurationErrorTask(CONFIG_ERROR_MODE_REQUIRED);
  }
  if (!valid.options) {
    return configurationErrorTask(CONFIG_ERROR_UNKNOWN_OPTION + JSON.stringify(mode));
  }
  options.push(...customArgs);
  if (options.some(isInteractiveMode)) {
    return configurationErrorTask(CONFIG_ERROR_INTERACTIVE_MODE);
  }
  return cleanTask(cleanMode, options);
}
function cleanTask(mode, customArgs) {
  const commands = ["clean", `-${mode}`, ...customArgs];
  return {
    commands,
    format: "utf-8",
    parser(text) {
      return cleanSummaryParser(mode === "n" /* DRY_RUN */, text);
    }
  };
}
function isCleanOptionsArray(input) {
  return Array.isArray(input) && input.every((test) => CleanOptionValues.has(test));
}
function getCleanOptions(input) {
  let cleanMode;
  let options = [];
  let valid = { cleanMode: false, options: true };
  input.replace(/[^a-z]i/g, "").split("").forEach((char) => {
    if (isCleanMode(char)) {
      cleanMode = char;
      valid.cleanMode = true;
    } else {
      valid.options = valid.options && isKnownOption(options[options.length] = `-${char}`);
    }
  });
  return {
    cleanMode,
    options,
    valid
  };
}
function isCleanMode(cleanMode) {
  return cleanMode === "f" /* FORCE */ || cleanMode === "n" /* DRY_RUN */;
}
function isKnownOption(option) {
  return /^-[a-z]$/i.test(option) && CleanOptionValues.has(option.charAt(1));
}
function isInteractiveMode(option) {
  if (/^-[^\-]/.test(option)) {
    return option.indexOf("i") > 0;
  }
  return option === "--interactive";
}
var CONFIG_ERROR_INTERACTIVE_MODE, CONFIG_ERROR_MODE_REQUIRED, CONFIG_ERROR_UNKNOWN_OPTION, CleanOptions, CleanOptionValues;
var init_clean = __esm({
  "src/lib/tasks/clean.ts"() {
    "use strict";
    init_CleanSummary();
    init_utils();
    init_task();
    CONFIG_ERROR_INTERACTIVE_MODE = "Git clean interactive mode is not supported";
    CONFIG_ERROR_MODE_REQUIRED = 'Git clean mode parameter ("n" or "f") is required';
    CONFIG_ERROR_UNKNOWN_OPTION = "Git clean unknown option found in: ";
    CleanOptions = /* @__PURE__ */ ((CleanOptions2) => {
      CleanOptions2["DRY_RUN"] = "n";
      CleanOptions2["FORCE"] = "f";
      CleanOptions2["IGNORED_INCLUDED"] = "x";
      CleanOptions2["IGNORED_ONLY"] = "X";
      CleanOptions2["EXCLUDING"] = "e";
      CleanOptions2["QUIET"] = "q";
      CleanOptions2["RECURSIVE"] = "d";
      return CleanOptions2;
    })(CleanOptions || {});
    CleanOptionValues = /* @__PURE__ */ new Set([
      "i",
      ...asStringArray(Object.values(CleanOptions))
    ]);
  }
});

// src/lib/responses/ConfigList.ts
function configListParser(text) {
  const config = new ConfigList();
  for (const item of configParser(text)) {
    config.addValue(item.file, String(item.key), item.value);
  }
  return config;
}
function configGetParser(text, key) {
  let value = null;
  const values = [];
  const scopes = /* @__PURE__ */ new Map();
  for (const item of configParser(text, key)) {
    if (item.key !== key) {
      continue;
    }
    values.push(value = item.value);
    if (!scopes.has(item.file)) {
      scopes.set(item.file, []);
    }
    scopes.get(item.file).push(value);
  }
  return {
    key,
    paths: Array.from(scopes.keys()),
    scopes,
    value,
    values
  };
}
function configFilePath(filePath) {
  return filePath.replace(/^(file):/, "");
}
function* configParser(text, requestedKey = null) {
  const lines = text.split("\0");
  for (let i = 0, max = lines.length - 1; i < max; ) {
    const file = configFilePath(lines[i++]);
    let value = lines[i++];
    let key = requestedKey;
    if (value.includes("\n")) {
      const line = splitOn(value, "\n");
      key = line[0];
      value = line[1];
    }
    yield { file, key, value };
  }
}
var ConfigList;
var init_ConfigList = __esm({
  "src/lib/responses/ConfigList.ts"() {
    "use strict";
    init_utils();
    ConfigList = class {
      constructor() {
        this.files = [];
        this.values = /* @__PURE__ */ Object.create(null);
      }
      get all() {
        if (!this._all) {
          this._all = this.files.reduce((all, file) => {
            return Object.assign(all, this.values[file]);
          }, {});
        }
        return this._all;
      }
      addFile(file) {
        if (!(file in this.values)) {
          const latest = last(this.files);
          this.values[file] = latest ? Object.create(this.values[latest]) : {};
          this.files.push(file);
        }
        return this.values[file];
      }
      addValue(file, key, value) {
        const values = this.addFile(file);
        if (!Object.hasOwn(values, key)) {
          values[key] = value;
        } else if (Array.isArray(values[key])) {
          values[key].push(value);
        } else {
          values[key] = [values[key], value];
        }
        this._all = void 0;
      }
    };
  }
});

// src/lib/tasks/config.ts
function asConfigScope(scope, fallback) {
  if (typeof scope === "string" && Object.hasOwn(GitConfigScope, scope)) {
    return scope;
  }
  return fallback;
}
function addConfigTask(key, value, append2, scope) {
  const commands = ["config", `--${scope}`];
  if (append2) {
    commands.push("--add");
  }
  commands.push(key, value);
  return {
    commands,
    format: "utf-8",
    parser(text) {
      return text;
    }
  };
}
function getConfigTask(key, scope) {
  const commands = ["config", "--null", "--show-origin", "--get-all", key];
  if (scope) {
    commands.splice(1, 0, `--${scope}`);
  }
  return {
    commands,
    format: "utf-8",
    parser(text) {
      return configGetParser(text, key);
    }
  };
}
function listConfigTask(scope) {
  const commands = ["config", "--list", "--show-origin", "--null"];
  if (scope) {
    commands.push(`--${scope}`);
  }
  return {
    commands,
    format: "utf-8",
    parser(text) {
      return configListParser(text);
    }
  };
}
function config_default() {
  return {
    addConfig(key, value, ...rest) {
      return this._runTask(
        addConfigTask(
          key,
          value,
          rest[0] === true,
          asConfigScope(rest[1], "local" /* local */)
        ),
        trailingFunctionArgument(arguments)
      );
    },
    getConfig(key, scope) {
      return this._runTask(
        getConfigTask(key, asConfigScope(scope, void 0)),
        trailingFunctionArgument(arguments)
      );
    },
    listConfig(...rest) {
      return this._runTask(
        listConfigTask(asConfigScope(rest[0], void 0)),
        trailingFunctionArgument(arguments)
      );
    }
  };
}
var GitConfigScope;
var init_config = __esm({
  "src/lib/tasks/config.ts"() {
    "use strict";
    init_ConfigList();
    init_utils();
    GitConfigScope = /* @__PURE__ */ ((GitConfigScope2) => {
      GitConfigScope2["system"] = "system";
      GitConfigScope2["global"] = "global";
      GitConfigScope2["local"] = "local";
      GitConfigScope2["worktree"] = "worktree";
      return GitConfigScope2;
    })(GitConfigScope || {});
  }
});

// src/lib/tasks/diff-name-status.ts
function isDiffNameStatus(input) {
  return diffNameStatus.has(input);
}
var DiffNameStatus, diffNameStatus;
var init_diff_name_status = __esm({
  "src/lib/tasks/diff-name-status.ts"() {
    "use strict";
    DiffNameStatus = /* @__PURE__ */ ((DiffNameStatus2) => {
      DiffNameStatus2["ADDED"] = "A";
      DiffNameStatus2["COPIED"] = "C";
      DiffNameStatus2["DELETED"] = "D";
      DiffNameStatus2["MODIFIED"] = "M";
      DiffNameStatus2["RENAMED"] = "R";
      DiffNameStatus2["CHANGED"] = "T";
      DiffNameStatus2["UNMERGED"] = "U";
      DiffNameStatus2["UNKNOWN"] = "X";
      DiffNameStatus2["BROKEN"] = "B";
      return DiffNameStatus2;
    })(DiffNameStatus || {});
    diffNameStatus = new Set(Object.values(DiffNameStatus));
  }
});

// src/lib/tasks/grep.ts
function grepQueryBuilder(...params) {
  return new GrepQuery().param(...params);
}
function parseGrep(grep) {
  const paths = /* @__PURE__ */ new Set();
  const results = {};
  forEachLineWithContent(grep, (input) => {
    const [path, line, preview] = input.split(NULL);
    paths.add(path);
    (results[path] = results[path] || []).push({
      line: asNumber(line),
      path,
      preview
    });
  });
  return {
    paths,
    results
  };
}
function grep_default() {
  return {
    grep(searchTerm) {
      const then = trailingFunctionArgument(arguments);
      const options = getTrailingOptions(arguments);
      for (const option of disallowedOptions) {
        if (options.includes(option)) {
          return this._runTask(
            configurationErrorTask(`git.grep: use of "${option}" is not supported.`),
            then
          );
        }
      }
      if (typeof searchTerm === "string") {
        searchTerm = grepQueryBuilder().param(searchTerm);
      }
      const commands = ["grep", "--null", "-n", "--full-name", ...options, ...searchTerm];
      return this._runTask(
        {
          commands,
          format: "utf-8",
          parser(stdOut) {
            return parseGrep(stdOut);
          }
        },
        then
      );
    }
  };
}
var disallowedOptions, Query, _a, GrepQuery;
var init_grep = __esm({
  "src/lib/tasks/grep.ts"() {
    "use strict";
    init_utils();
    init_task();
    disallowedOptions = ["-h"];
    Query = Symbol("grepQuery");
    GrepQuery = class {
      constructor() {
        this[_a] = [];
      }
      *[(_a = Query, Symbol.iterator)]() {
        for (const query of this[Query]) {
          yield query;
        }
      }
      and(...and) {
        and.length && this[Query].push("--and", "(", ...prefixedArray(and, "-e"), ")");
        return this;
      }
      param(...param) {
        this[Query].push(...prefixedArray(param, "-e"));
        return this;
      }
    };
  }
});

// src/lib/tasks/reset.ts
var reset_exports = {};
__export(reset_exports, {
  ResetMode: () => ResetMode,
  getResetMode: () => getResetMode,
  resetTask: () => resetTask
});
function resetTask(mode, customArgs) {
  const commands = ["reset"];
  if (isValidResetMode(mode)) {
    commands.push(`--${mode}`);
  }
  commands.push(...customArgs);
  return straightThroughStringTask(commands);
}
function getResetMode(mode) {
  if (isValidResetMode(mode)) {
    return mode;
  }
  switch (typeof mode) {
    case "string":
    case "undefined":
      return "soft" /* SOFT */;
  }
  return;
}
function isValidResetMode(mode) {
  return typeof mode === "string" && validResetModes.includes(mode);
}
var ResetMode, validResetModes;
var init_reset = __esm({
  "src/lib/tasks/reset.ts"() {
    "use strict";
    init_utils();
    init_task();
    ResetMode = /* @__PURE__ */ ((ResetMode2) => {
      ResetMode2["MIXED"] = "mixed";
      ResetMode2["SOFT"] = "soft";
      ResetMode2["HARD"] = "hard";
      ResetMode2["MERGE"] = "merge";
      ResetMode2["KEEP"] = "keep";
      return ResetMode2;
    })(ResetMode || {});
    validResetModes = asStringArray(Object.values(ResetMode));
  }
});

// src/lib/git-logger.ts

function createLog() {
  return src("simple-git");
}
function prefixedLogger(to, prefix, forward) {
  if (!prefix || !String(prefix).replace(/\s*/, "")) {
    return !forward ? to : (message, ...args) => {
      to(message, ...args);
      forward(message, ...args);
    };
  }
  return (message, ...args) => {
    to(`%s ${message}`, prefix, ...args);
    if (forward) {
      forward(message, ...args);
    }
  };
}
function childLoggerName(name, childDebugger, { namespace: parentNamespace }) {
  if (typeof name === "string") {
    return name;
  }
  const childNamespace = childDebugger && childDebugger.namespace || "";
  if (childNamespace.startsWith(parentNamespace)) {
    return childNamespace.substr(parentNamespace.length + 1);
  }
  return childNamespace || parentNamespace;
}
function createLogger(label, verbose, initialStep, infoDebugger = createLog()) {
  const labelPrefix = label && `[${label}]` || "";
  const spawned = [];
  const debugDebugger = typeof verbose === "string" ? infoDebugger.extend(verbose) : verbose;
  const key = childLoggerName(filterType(verbose, filterString), debugDebugger, infoDebugger);
  return step(initialStep);
  function sibling(name, initial) {
    return append(
      spawned,
      createLogger(label, key.replace(/^[^:]+/, name), initial, infoDebugger)
    );
  }
  function step(phase) {
    const stepPrefix = phase && `[${phase}]` || "";
    const debug2 = debugDebugger && prefixedLogger(debugDebugger, stepPrefix) || NOOP;
    const info = prefixedLogger(infoDebugger, `${labelPrefix} ${stepPrefix}`, debug2);
    return Object.assign(debugDebugger ? debug2 : info, {
      label,
      sibling,
      info,
      step
    });
  }
}
var init_git_logger = __esm({
  "src/lib/git-logger.ts"() {
    "use strict";
    init_utils();
    src.formatters.L = (value) => String(filterHasLength(value) ? value.length : "-");
    src.formatters.B = (value) => {
      if (Buffer.isBuffer(value)) {
        return value.toString("utf8");
      }
      return objectToString(value);
    };
  }
});

// src/lib/runners/tasks-pending-queue.ts
var TasksPendingQueue;
var init_tasks_pending_queue = __esm({
  "src/lib/runners/tasks-pending-queue.ts"() {
    "use strict";
    init_git_error();
    init_git_logger();
    TasksPendingQueue = class _TasksPendingQueue {
      constructor(logLabel = "GitExecutor") {
        this.logLabel = logLabel;
        this._queue = /* @__PURE__ */ new Map();
      }
      withProgress(task) {
        return this._queue.get(task);
      }
      createProgress(task) {
        const name = _TasksPendingQueue.getName(task.commands[0]);
        const logger = createLogger(this.logLabel, name);
        return {
          task,
          logger,
          name
        };
      }
      push(task) {
        const progress = this.createProgress(task);
        progress.logger("Adding task to the queue, commands = %o", task.commands);
        this._queue.set(task, progress);
        return progress;
      }
      fatal(err) {
        for (const [task, { logger }] of Array.from(this._queue.entries())) {
          if (task === err.task) {
            logger.info(`Failed %o`, err);
            logger(
              `Fatal exception, any as-yet un-started tasks run through this executor will not be attempted`
            );
          } else {
            logger.info(
              `A fatal exception occurred in a previous task, the queue has been purged: %o`,
              err.message
            );
          }
          this.complete(task);
        }
        if (this._queue.size !== 0) {
          throw new Error(`Queue size should be zero after fatal: ${this._queue.size}`);
        }
      }
      complete(task) {
        const progress = this.withProgress(task);
        if (progress) {
          this._queue.delete(task);
        }
      }
      attempt(task) {
        const progress = this.withProgress(task);
        if (!progress) {
          throw new GitError(void 0, "TasksPendingQueue: attempt called for an unknown task");
        }
        progress.logger("Starting task");
        return progress;
      }
      static getName(name = "empty") {
        return `task:${name}:${++_TasksPendingQueue.counter}`;
      }
      static {
        this.counter = 0;
      }
    };
  }
});

// src/lib/runners/git-executor-chain.ts

function pluginContext(task, commands) {
  return {
    method: first(task.commands) || "",
    commands
  };
}
function onErrorReceived(target, logger) {
  return (err) => {
    logger(`[ERROR] child process exception %o`, err);
    target.push(Buffer.from(String(err.stack), "ascii"));
  };
}
function onDataReceived(target, name, logger, output) {
  return (buffer) => {
    logger(`%s received %L bytes`, name, buffer);
    output(`%B`, buffer);
    target.push(buffer);
  };
}
var GitExecutorChain;
var init_git_executor_chain = __esm({
  "src/lib/runners/git-executor-chain.ts"() {
    "use strict";
    init_git_error();
    init_task();
    init_utils();
    init_tasks_pending_queue();
    GitExecutorChain = class {
      constructor(_executor, _scheduler, _plugins) {
        this._executor = _executor;
        this._scheduler = _scheduler;
        this._plugins = _plugins;
        this._chain = Promise.resolve();
        this._queue = new TasksPendingQueue();
      }
      get cwd() {
        return this._cwd || this._executor.cwd;
      }
      set cwd(cwd) {
        this._cwd = cwd;
      }
      get env() {
        return this._executor.env;
      }
      get outputHandler() {
        return this._executor.outputHandler;
      }
      chain() {
        return this;
      }
      push(task) {
        this._queue.push(task);
        return this._chain = this._chain.then(() => this.attemptTask(task));
      }
      async attemptTask(task) {
        const onScheduleComplete = await this._scheduler.next();
        const onQueueComplete = () => this._queue.complete(task);
        try {
          const { logger } = this._queue.attempt(task);
          return await (isEmptyTask(task) ? this.attemptEmptyTask(task, logger) : this.attemptRemoteTask(task, logger));
        } catch (e) {
          throw this.onFatalException(task, e);
        } finally {
          onQueueComplete();
          onScheduleComplete();
        }
      }
      onFatalException(task, e) {
        const gitError = e instanceof GitError ? Object.assign(e, { task }) : new GitError(task, e && String(e));
        this._chain = Promise.resolve();
        this._queue.fatal(gitError);
        return gitError;
      }
      async attemptRemoteTask(task, logger) {
        const binary = this._plugins.exec("spawn.binary", "", pluginContext(task, task.commands));
        const args = this._plugins.exec("spawn.args", [...task.commands], {
          ...pluginContext(task, task.commands),
          env: { ...this.env }
        });
        const raw = await this.gitResponse(
          task,
          binary,
          args,
          this.outputHandler,
          logger.step("SPAWN")
        );
        const outputStreams = await this.handleTaskData(task, args, raw, logger.step("HANDLE"));
        logger(`passing response to task's parser as a %s`, task.format);
        if (isBufferTask(task)) {
          return callTaskParser(task.parser, outputStreams);
        }
        return callTaskParser(task.parser, outputStreams.asStrings());
      }
      async attemptEmptyTask(task, logger) {
        logger(`empty task bypassing child process to call to task's parser`);
        return task.parser(this);
      }
      handleTaskData(task, args, result, logger) {
        const { exitCode, rejection, stdOut, stdErr } = result;
        return new Promise((done, fail) => {
          logger(`Preparing to handle process response exitCode=%d stdOut=`, exitCode);
          const { error } = this._plugins.exec(
            "task.error",
            { error: rejection },
            {
              ...pluginContext(task, args),
              ...result
            }
          );
          if (error && task.onError) {
            logger.info(`exitCode=%s handling with custom error handler`);
            return task.onError(
              result,
              error,
              (newStdOut) => {
                logger.info(`custom error handler treated as success`);
                logger(`custom error returned a %s`, objectToString(newStdOut));
                done(
                  new GitOutputStreams(
                    Array.isArray(newStdOut) ? Buffer.concat(newStdOut) : newStdOut,
                    Buffer.concat(stdErr)
                  )
                );
              },
              fail
            );
          }
          if (error) {
            logger.info(
              `handling as error: exitCode=%s stdErr=%s rejection=%o`,
              exitCode,
              stdErr.length,
              rejection
            );
            return fail(error);
          }
          logger.info(`retrieving task output complete`);
          done(new GitOutputStreams(Buffer.concat(stdOut), Buffer.concat(stdErr)));
        });
      }
      async gitResponse(task, command, args, outputHandler, logger) {
        const outputLogger = logger.sibling("output");
        const spawnOptions = this._plugins.exec(
          "spawn.options",
          {
            cwd: this.cwd,
            env: this.env,
            windowsHide: true
          },
          pluginContext(task, task.commands)
        );
        return new Promise((done) => {
          const stdOut = [];
          const stdErr = [];
          logger.info(`%s %o`, command, args);
          logger("%O", spawnOptions);
          let rejection = this._beforeSpawn(task, args);
          if (rejection) {
            return done({
              stdOut,
              stdErr,
              exitCode: 9901,
              rejection
            });
          }
          this._plugins.exec("spawn.before", void 0, {
            ...pluginContext(task, args),
            kill(reason) {
              rejection = reason || rejection;
            }
          });
          const spawned = (0,external_child_process_namespaceObject.spawn)(command, args, spawnOptions);
          spawned.stdout.on(
            "data",
            onDataReceived(stdOut, "stdOut", logger, outputLogger.step("stdOut"))
          );
          spawned.stderr.on(
            "data",
            onDataReceived(stdErr, "stdErr", logger, outputLogger.step("stdErr"))
          );
          spawned.on("error", onErrorReceived(stdErr, logger));
          if (outputHandler) {
            logger(`Passing child process stdOut/stdErr to custom outputHandler`);
            outputHandler(command, spawned.stdout, spawned.stderr, [...args]);
          }
          this._plugins.exec("spawn.after", void 0, {
            ...pluginContext(task, args),
            spawned,
            close(exitCode, reason) {
              done({
                stdOut,
                stdErr,
                exitCode,
                rejection: rejection || reason
              });
            },
            kill(reason) {
              if (spawned.killed) {
                return;
              }
              rejection = reason;
              spawned.kill("SIGINT");
            }
          });
        });
      }
      _beforeSpawn(task, args) {
        let rejection;
        this._plugins.exec("spawn.before", void 0, {
          ...pluginContext(task, args),
          kill(reason) {
            rejection = reason || rejection;
          }
        });
        return rejection;
      }
    };
  }
});

// src/lib/runners/git-executor.ts
var git_executor_exports = {};
__export(git_executor_exports, {
  GitExecutor: () => GitExecutor
});
var GitExecutor;
var init_git_executor = __esm({
  "src/lib/runners/git-executor.ts"() {
    "use strict";
    init_git_executor_chain();
    GitExecutor = class {
      constructor(cwd, _scheduler, _plugins) {
        this.cwd = cwd;
        this._scheduler = _scheduler;
        this._plugins = _plugins;
        this._chain = new GitExecutorChain(this, this._scheduler, this._plugins);
      }
      chain() {
        return new GitExecutorChain(this, this._scheduler, this._plugins);
      }
      push(task) {
        return this._chain.push(task);
      }
    };
  }
});

// src/lib/task-callback.ts
function taskCallback(task, response, callback = NOOP) {
  const onSuccess = (data) => {
    callback(null, data);
  };
  const onError2 = (err) => {
    if (err?.task === task) {
      callback(
        err instanceof GitResponseError ? addDeprecationNoticeToError(err) : err,
        void 0
      );
    }
  };
  response.then(onSuccess, onError2);
}
function addDeprecationNoticeToError(err) {
  let log = (name) => {
    console.warn(
      `simple-git deprecation notice: accessing GitResponseError.${name} should be GitResponseError.git.${name}, this will no longer be available in version 3`
    );
    log = NOOP;
  };
  return Object.create(err, Object.getOwnPropertyNames(err.git).reduce(descriptorReducer, {}));
  function descriptorReducer(all, name) {
    if (name in err) {
      return all;
    }
    all[name] = {
      enumerable: false,
      configurable: false,
      get() {
        log(name);
        return err.git[name];
      }
    };
    return all;
  }
}
var init_task_callback = __esm({
  "src/lib/task-callback.ts"() {
    "use strict";
    init_git_response_error();
    init_utils();
  }
});

// src/lib/tasks/change-working-directory.ts
function changeWorkingDirectoryTask(directory, root) {
  return adhocExecTask((instance) => {
    if (!folderExists(directory)) {
      throw new Error(`Git.cwd: cannot change to non-directory "${directory}"`);
    }
    return (root || instance).cwd = directory;
  });
}
var init_change_working_directory = __esm({
  "src/lib/tasks/change-working-directory.ts"() {
    "use strict";
    init_utils();
    init_task();
  }
});

// src/lib/tasks/checkout.ts
function checkoutTask(args) {
  const commands = ["checkout", ...args];
  if (commands[1] === "-b" && commands.includes("-B")) {
    commands[1] = remove(commands, "-B");
  }
  return straightThroughStringTask(commands);
}
function checkout_default() {
  return {
    checkout() {
      return this._runTask(
        checkoutTask(getTrailingOptions(arguments, 1)),
        trailingFunctionArgument(arguments)
      );
    },
    checkoutBranch(branchName, startPoint) {
      return this._runTask(
        checkoutTask(["-b", branchName, startPoint, ...getTrailingOptions(arguments)]),
        trailingFunctionArgument(arguments)
      );
    },
    checkoutLocalBranch(branchName) {
      return this._runTask(
        checkoutTask(["-b", branchName, ...getTrailingOptions(arguments)]),
        trailingFunctionArgument(arguments)
      );
    }
  };
}
var init_checkout = __esm({
  "src/lib/tasks/checkout.ts"() {
    "use strict";
    init_utils();
    init_task();
  }
});

// src/lib/tasks/count-objects.ts
function countObjectsResponse() {
  return {
    count: 0,
    garbage: 0,
    inPack: 0,
    packs: 0,
    prunePackable: 0,
    size: 0,
    sizeGarbage: 0,
    sizePack: 0
  };
}
function count_objects_default() {
  return {
    countObjects() {
      return this._runTask({
        commands: ["count-objects", "--verbose"],
        format: "utf-8",
        parser(stdOut) {
          return parseStringResponse(countObjectsResponse(), [parser2], stdOut);
        }
      });
    }
  };
}
var parser2;
var init_count_objects = __esm({
  "src/lib/tasks/count-objects.ts"() {
    "use strict";
    init_utils();
    parser2 = new LineParser(
      /([a-z-]+): (\d+)$/,
      (result, [key, value]) => {
        const property = asCamelCase(key);
        if (Object.hasOwn(result, property)) {
          result[property] = asNumber(value);
        }
      }
    );
  }
});

// src/lib/parsers/parse-commit.ts
function parseCommitResult(stdOut) {
  const result = {
    author: null,
    branch: "",
    commit: "",
    root: false,
    summary: {
      changes: 0,
      insertions: 0,
      deletions: 0
    }
  };
  return parseStringResponse(result, parsers, stdOut);
}
var parsers;
var init_parse_commit = __esm({
  "src/lib/parsers/parse-commit.ts"() {
    "use strict";
    init_utils();
    parsers = [
      new LineParser(/^\[([^\s]+)( \([^)]+\))? ([^\]]+)/, (result, [branch, root, commit]) => {
        result.branch = branch;
        result.commit = commit;
        result.root = !!root;
      }),
      new LineParser(/\s*Author:\s(.+)/i, (result, [author]) => {
        const parts = author.split("<");
        const email = parts.pop();
        if (!email || !email.includes("@")) {
          return;
        }
        result.author = {
          email: email.substr(0, email.length - 1),
          name: parts.join("<").trim()
        };
      }),
      new LineParser(
        /(\d+)[^,]*(?:,\s*(\d+)[^,]*)(?:,\s*(\d+))/g,
        (result, [changes, insertions, deletions]) => {
          result.summary.changes = parseInt(changes, 10) || 0;
          result.summary.insertions = parseInt(insertions, 10) || 0;
          result.summary.deletions = parseInt(deletions, 10) || 0;
        }
      ),
      new LineParser(
        /^(\d+)[^,]*(?:,\s*(\d+)[^(]+\(([+-]))?/,
        (result, [changes, lines, direction]) => {
          result.summary.changes = parseInt(changes, 10) || 0;
          const count = parseInt(lines, 10) || 0;
          if (direction === "-") {
            result.summary.deletions = count;
          } else if (direction === "+") {
            result.summary.insertions = count;
          }
        }
      )
    ];
  }
});

// src/lib/tasks/commit.ts
function commitTask(message, files, customArgs) {
  const commands = [
    "-c",
    "core.abbrev=40",
    "commit",
    ...prefixedArray(message, "-m"),
    ...files,
    ...customArgs
  ];
  return {
    commands,
    format: "utf-8",
    parser: parseCommitResult
  };
}
function commit_default() {
  return {
    commit(message, ...rest) {
      const next = trailingFunctionArgument(arguments);
      const task = rejectDeprecatedSignatures(message) || commitTask(
        esm_asArray(message),
        esm_asArray(filterType(rest[0], filterStringOrStringArray, [])),
        [
          ...asStringArray(filterType(rest[1], filterArray, [])),
          ...getTrailingOptions(arguments, 0, true)
        ]
      );
      return this._runTask(task, next);
    }
  };
  function rejectDeprecatedSignatures(message) {
    return !filterStringOrStringArray(message) && configurationErrorTask(
      `git.commit: requires the commit message to be supplied as a string/string[]`
    );
  }
}
var init_commit = __esm({
  "src/lib/tasks/commit.ts"() {
    "use strict";
    init_parse_commit();
    init_utils();
    init_task();
  }
});

// src/lib/tasks/first-commit.ts
function first_commit_default() {
  return {
    firstCommit() {
      return this._runTask(
        straightThroughStringTask(["rev-list", "--max-parents=0", "HEAD"], true),
        trailingFunctionArgument(arguments)
      );
    }
  };
}
var init_first_commit = __esm({
  "src/lib/tasks/first-commit.ts"() {
    "use strict";
    init_utils();
    init_task();
  }
});

// src/lib/tasks/hash-object.ts
function hashObjectTask(filePath, write) {
  const commands = ["hash-object", filePath];
  if (write) {
    commands.push("-w");
  }
  return straightThroughStringTask(commands, true);
}
var init_hash_object = __esm({
  "src/lib/tasks/hash-object.ts"() {
    "use strict";
    init_task();
  }
});

// src/lib/responses/InitSummary.ts
function parseInit(bare, path, text) {
  const response = String(text).trim();
  let result;
  if (result = initResponseRegex.exec(response)) {
    return new InitSummary(bare, path, false, result[1]);
  }
  if (result = reInitResponseRegex.exec(response)) {
    return new InitSummary(bare, path, true, result[1]);
  }
  let gitDir = "";
  const tokens = response.split(" ");
  while (tokens.length) {
    const token = tokens.shift();
    if (token === "in") {
      gitDir = tokens.join(" ");
      break;
    }
  }
  return new InitSummary(bare, path, /^re/i.test(response), gitDir);
}
var InitSummary, initResponseRegex, reInitResponseRegex;
var init_InitSummary = __esm({
  "src/lib/responses/InitSummary.ts"() {
    "use strict";
    InitSummary = class {
      constructor(bare, path, existing, gitDir) {
        this.bare = bare;
        this.path = path;
        this.existing = existing;
        this.gitDir = gitDir;
      }
    };
    initResponseRegex = /^Init.+ repository in (.+)$/;
    reInitResponseRegex = /^Rein.+ in (.+)$/;
  }
});

// src/lib/tasks/init.ts
function hasBareCommand(command) {
  return command.includes(bareCommand);
}
function initTask(bare = false, path, customArgs) {
  const commands = ["init", ...customArgs];
  if (bare && !hasBareCommand(commands)) {
    commands.splice(1, 0, bareCommand);
  }
  return {
    commands,
    format: "utf-8",
    parser(text) {
      return parseInit(commands.includes("--bare"), path, text);
    }
  };
}
var bareCommand;
var init_init = __esm({
  "src/lib/tasks/init.ts"() {
    "use strict";
    init_InitSummary();
    bareCommand = "--bare";
  }
});

// src/lib/args/log-format.ts
function logFormatFromCommand(customArgs) {
  for (let i = 0; i < customArgs.length; i++) {
    const format = logFormatRegex.exec(customArgs[i]);
    if (format) {
      return `--${format[1]}`;
    }
  }
  return "" /* NONE */;
}
function isLogFormat(customArg) {
  return logFormatRegex.test(customArg);
}
var logFormatRegex;
var init_log_format = __esm({
  "src/lib/args/log-format.ts"() {
    "use strict";
    logFormatRegex = /^--(stat|numstat|name-only|name-status)(=|$)/;
  }
});

// src/lib/responses/DiffSummary.ts
var DiffSummary;
var init_DiffSummary = __esm({
  "src/lib/responses/DiffSummary.ts"() {
    "use strict";
    DiffSummary = class {
      constructor() {
        this.changed = 0;
        this.deletions = 0;
        this.insertions = 0;
        this.files = [];
      }
    };
  }
});

// src/lib/parsers/parse-diff-summary.ts
function getDiffParser(format = "" /* NONE */) {
  const parser4 = diffSummaryParsers[format];
  return (stdOut) => parseStringResponse(new DiffSummary(), parser4, stdOut, false);
}
var statParser, numStatParser, nameOnlyParser, nameStatusParser, diffSummaryParsers;
var init_parse_diff_summary = __esm({
  "src/lib/parsers/parse-diff-summary.ts"() {
    "use strict";
    init_log_format();
    init_DiffSummary();
    init_diff_name_status();
    init_utils();
    statParser = [
      new LineParser(
        /^(.+)\s+\|\s+(\d+)(\s+[+\-]+)?$/,
        (result, [file, changes, alterations = ""]) => {
          result.files.push({
            file: file.trim(),
            changes: asNumber(changes),
            insertions: alterations.replace(/[^+]/g, "").length,
            deletions: alterations.replace(/[^-]/g, "").length,
            binary: false
          });
        }
      ),
      new LineParser(
        /^(.+) \|\s+Bin ([0-9.]+) -> ([0-9.]+) ([a-z]+)/,
        (result, [file, before, after]) => {
          result.files.push({
            file: file.trim(),
            before: asNumber(before),
            after: asNumber(after),
            binary: true
          });
        }
      ),
      new LineParser(
        /(\d+) files? changed\s*((?:, \d+ [^,]+){0,2})/,
        (result, [changed, summary]) => {
          const inserted = /(\d+) i/.exec(summary);
          const deleted = /(\d+) d/.exec(summary);
          result.changed = asNumber(changed);
          result.insertions = asNumber(inserted?.[1]);
          result.deletions = asNumber(deleted?.[1]);
        }
      )
    ];
    numStatParser = [
      new LineParser(
        /(\d+)\t(\d+)\t(.+)$/,
        (result, [changesInsert, changesDelete, file]) => {
          const insertions = asNumber(changesInsert);
          const deletions = asNumber(changesDelete);
          result.changed++;
          result.insertions += insertions;
          result.deletions += deletions;
          result.files.push({
            file,
            changes: insertions + deletions,
            insertions,
            deletions,
            binary: false
          });
        }
      ),
      new LineParser(/-\t-\t(.+)$/, (result, [file]) => {
        result.changed++;
        result.files.push({
          file,
          after: 0,
          before: 0,
          binary: true
        });
      })
    ];
    nameOnlyParser = [
      new LineParser(/(.+)$/, (result, [file]) => {
        result.changed++;
        result.files.push({
          file,
          changes: 0,
          insertions: 0,
          deletions: 0,
          binary: false
        });
      })
    ];
    nameStatusParser = [
      new LineParser(
        /([ACDMRTUXB])([0-9]{0,3})\t(.[^\t]*)(\t(.[^\t]*))?$/,
        (result, [status, similarity, from, _to, to]) => {
          result.changed++;
          result.files.push({
            file: to ?? from,
            changes: 0,
            insertions: 0,
            deletions: 0,
            binary: false,
            status: orVoid(isDiffNameStatus(status) && status),
            from: orVoid(!!to && from !== to && from),
            similarity: asNumber(similarity)
          });
        }
      )
    ];
    diffSummaryParsers = {
      ["" /* NONE */]: statParser,
      ["--stat" /* STAT */]: statParser,
      ["--numstat" /* NUM_STAT */]: numStatParser,
      ["--name-status" /* NAME_STATUS */]: nameStatusParser,
      ["--name-only" /* NAME_ONLY */]: nameOnlyParser
    };
  }
});

// src/lib/parsers/parse-list-log-summary.ts
function lineBuilder(tokens, fields) {
  return fields.reduce(
    (line, field, index) => {
      line[field] = tokens[index] || "";
      return line;
    },
    /* @__PURE__ */ Object.create({ diff: null })
  );
}
function createListLogSummaryParser(splitter = SPLITTER, fields = defaultFieldNames, logFormat = "" /* NONE */) {
  const parseDiffResult = getDiffParser(logFormat);
  return function(stdOut) {
    const all = toLinesWithContent(
      stdOut.trim(),
      false,
      START_BOUNDARY
    ).map(function(item) {
      const lineDetail = item.split(COMMIT_BOUNDARY);
      const listLogLine = lineBuilder(lineDetail[0].split(splitter), fields);
      if (lineDetail.length > 1 && !!lineDetail[1].trim()) {
        listLogLine.diff = parseDiffResult(lineDetail[1]);
      }
      return listLogLine;
    });
    return {
      all,
      latest: all.length && all[0] || null,
      total: all.length
    };
  };
}
var START_BOUNDARY, COMMIT_BOUNDARY, SPLITTER, defaultFieldNames;
var init_parse_list_log_summary = __esm({
  "src/lib/parsers/parse-list-log-summary.ts"() {
    "use strict";
    init_utils();
    init_parse_diff_summary();
    init_log_format();
    START_BOUNDARY = "\xF2\xF2\xF2\xF2\xF2\xF2 ";
    COMMIT_BOUNDARY = " \xF2\xF2";
    SPLITTER = " \xF2 ";
    defaultFieldNames = ["hash", "date", "message", "refs", "author_name", "author_email"];
  }
});

// src/lib/tasks/diff.ts
var diff_exports = {};
__export(diff_exports, {
  diffSummaryTask: () => diffSummaryTask,
  validateLogFormatConfig: () => validateLogFormatConfig
});
function diffSummaryTask(customArgs) {
  let logFormat = logFormatFromCommand(customArgs);
  const commands = ["diff"];
  if (logFormat === "" /* NONE */) {
    logFormat = "--stat" /* STAT */;
    commands.push("--stat=4096");
  }
  commands.push(...customArgs);
  return validateLogFormatConfig(commands) || {
    commands,
    format: "utf-8",
    parser: getDiffParser(logFormat)
  };
}
function validateLogFormatConfig(customArgs) {
  const flags = customArgs.filter(isLogFormat);
  if (flags.length > 1) {
    return configurationErrorTask(
      `Summary flags are mutually exclusive - pick one of ${flags.join(",")}`
    );
  }
  if (flags.length && customArgs.includes("-z")) {
    return configurationErrorTask(
      `Summary flag ${flags} parsing is not compatible with null termination option '-z'`
    );
  }
}
var init_diff = __esm({
  "src/lib/tasks/diff.ts"() {
    "use strict";
    init_log_format();
    init_parse_diff_summary();
    init_task();
  }
});

// src/lib/tasks/log.ts

function prettyFormat(format, splitter) {
  const fields = [];
  const formatStr = [];
  Object.keys(format).forEach((field) => {
    fields.push(field);
    formatStr.push(String(format[field]));
  });
  return [fields, formatStr.join(splitter)];
}
function userOptions(input) {
  return Object.keys(input).reduce((out, key) => {
    if (!(key in excludeOptions)) {
      out[key] = input[key];
    }
    return out;
  }, {});
}
function parseLogOptions(opt = {}, customArgs = []) {
  const splitter = filterType(opt.splitter, filterString, SPLITTER);
  const format = filterPlainObject(opt.format) ? opt.format : {
    hash: "%H",
    date: opt.strictDate === false ? "%ai" : "%aI",
    message: "%s",
    refs: "%D",
    body: opt.multiLine ? "%B" : "%b",
    author_name: opt.mailMap !== false ? "%aN" : "%an",
    author_email: opt.mailMap !== false ? "%aE" : "%ae"
  };
  const [fields, formatStr] = prettyFormat(format, splitter);
  const suffix = [];
  const command = [
    `--pretty=format:${START_BOUNDARY}${formatStr}${COMMIT_BOUNDARY}`,
    ...customArgs
  ];
  const maxCount = opt.n || opt["max-count"] || opt.maxCount;
  if (maxCount) {
    command.push(`--max-count=${maxCount}`);
  }
  if (opt.from || opt.to) {
    const rangeOperator = opt.symmetric !== false ? "..." : "..";
    suffix.push(`${opt.from || ""}${rangeOperator}${opt.to || ""}`);
  }
  if (filterString(opt.file)) {
    command.push("--follow", c(opt.file));
  }
  appendTaskOptions(userOptions(opt), command);
  return {
    fields,
    splitter,
    commands: [...command, ...suffix]
  };
}
function logTask(splitter, fields, customArgs) {
  const parser4 = createListLogSummaryParser(splitter, fields, logFormatFromCommand(customArgs));
  return {
    commands: ["log", ...customArgs],
    format: "utf-8",
    parser: parser4
  };
}
function log_default() {
  return {
    log(...rest) {
      const next = trailingFunctionArgument(arguments);
      const options = parseLogOptions(
        trailingOptionsArgument(arguments),
        asStringArray(filterType(arguments[0], filterArray, []))
      );
      const task = rejectDeprecatedSignatures(...rest) || validateLogFormatConfig(options.commands) || createLogTask(options);
      return this._runTask(task, next);
    }
  };
  function createLogTask(options) {
    return logTask(options.splitter, options.fields, options.commands);
  }
  function rejectDeprecatedSignatures(from, to) {
    return filterString(from) && filterString(to) && configurationErrorTask(
      `git.log(string, string) should be replaced with git.log({ from: string, to: string })`
    );
  }
}
var excludeOptions;
var init_log = __esm({
  "src/lib/tasks/log.ts"() {
    "use strict";
    init_log_format();
    init_parse_list_log_summary();
    init_utils();
    init_task();
    init_diff();
    excludeOptions = /* @__PURE__ */ ((excludeOptions2) => {
      excludeOptions2[excludeOptions2["--pretty"] = 0] = "--pretty";
      excludeOptions2[excludeOptions2["max-count"] = 1] = "max-count";
      excludeOptions2[excludeOptions2["maxCount"] = 2] = "maxCount";
      excludeOptions2[excludeOptions2["n"] = 3] = "n";
      excludeOptions2[excludeOptions2["file"] = 4] = "file";
      excludeOptions2[excludeOptions2["format"] = 5] = "format";
      excludeOptions2[excludeOptions2["from"] = 6] = "from";
      excludeOptions2[excludeOptions2["to"] = 7] = "to";
      excludeOptions2[excludeOptions2["splitter"] = 8] = "splitter";
      excludeOptions2[excludeOptions2["symmetric"] = 9] = "symmetric";
      excludeOptions2[excludeOptions2["mailMap"] = 10] = "mailMap";
      excludeOptions2[excludeOptions2["multiLine"] = 11] = "multiLine";
      excludeOptions2[excludeOptions2["strictDate"] = 12] = "strictDate";
      return excludeOptions2;
    })(excludeOptions || {});
  }
});

// src/lib/responses/MergeSummary.ts
var MergeSummaryConflict, MergeSummaryDetail;
var init_MergeSummary = __esm({
  "src/lib/responses/MergeSummary.ts"() {
    "use strict";
    MergeSummaryConflict = class {
      constructor(reason, file = null, meta) {
        this.reason = reason;
        this.file = file;
        this.meta = meta;
      }
      toString() {
        return `${this.file}:${this.reason}`;
      }
    };
    MergeSummaryDetail = class {
      constructor() {
        this.conflicts = [];
        this.merges = [];
        this.result = "success";
      }
      get failed() {
        return this.conflicts.length > 0;
      }
      get reason() {
        return this.result;
      }
      toString() {
        if (this.conflicts.length) {
          return `CONFLICTS: ${this.conflicts.join(", ")}`;
        }
        return "OK";
      }
    };
  }
});

// src/lib/responses/PullSummary.ts
var PullSummary, PullFailedSummary;
var init_PullSummary = __esm({
  "src/lib/responses/PullSummary.ts"() {
    "use strict";
    PullSummary = class {
      constructor() {
        this.remoteMessages = {
          all: []
        };
        this.created = [];
        this.deleted = [];
        this.files = [];
        this.deletions = {};
        this.insertions = {};
        this.summary = {
          changes: 0,
          deletions: 0,
          insertions: 0
        };
      }
    };
    PullFailedSummary = class {
      constructor() {
        this.remote = "";
        this.hash = {
          local: "",
          remote: ""
        };
        this.branch = {
          local: "",
          remote: ""
        };
        this.message = "";
      }
      toString() {
        return this.message;
      }
    };
  }
});

// src/lib/parsers/parse-remote-objects.ts
function objectEnumerationResult(remoteMessages) {
  return remoteMessages.objects = remoteMessages.objects || {
    compressing: 0,
    counting: 0,
    enumerating: 0,
    packReused: 0,
    reused: { count: 0, delta: 0 },
    total: { count: 0, delta: 0 }
  };
}
function asObjectCount(source) {
  const count = /^\s*(\d+)/.exec(source);
  const delta = /delta (\d+)/i.exec(source);
  return {
    count: asNumber(count && count[1] || "0"),
    delta: asNumber(delta && delta[1] || "0")
  };
}
var remoteMessagesObjectParsers;
var init_parse_remote_objects = __esm({
  "src/lib/parsers/parse-remote-objects.ts"() {
    "use strict";
    init_utils();
    remoteMessagesObjectParsers = [
      new RemoteLineParser(
        /^remote:\s*(enumerating|counting|compressing) objects: (\d+),/i,
        (result, [action, count]) => {
          const key = action.toLowerCase();
          const enumeration = objectEnumerationResult(result.remoteMessages);
          Object.assign(enumeration, { [key]: asNumber(count) });
        }
      ),
      new RemoteLineParser(
        /^remote:\s*(enumerating|counting|compressing) objects: \d+% \(\d+\/(\d+)\),/i,
        (result, [action, count]) => {
          const key = action.toLowerCase();
          const enumeration = objectEnumerationResult(result.remoteMessages);
          Object.assign(enumeration, { [key]: asNumber(count) });
        }
      ),
      new RemoteLineParser(
        /total ([^,]+), reused ([^,]+), pack-reused (\d+)/i,
        (result, [total, reused, packReused]) => {
          const objects = objectEnumerationResult(result.remoteMessages);
          objects.total = asObjectCount(total);
          objects.reused = asObjectCount(reused);
          objects.packReused = asNumber(packReused);
        }
      )
    ];
  }
});

// src/lib/parsers/parse-remote-messages.ts
function parseRemoteMessages(_stdOut, stdErr) {
  return parseStringResponse({ remoteMessages: new RemoteMessageSummary() }, parsers2, stdErr);
}
var parsers2, RemoteMessageSummary;
var init_parse_remote_messages = __esm({
  "src/lib/parsers/parse-remote-messages.ts"() {
    "use strict";
    init_utils();
    init_parse_remote_objects();
    parsers2 = [
      new RemoteLineParser(/^remote:\s*(.+)$/, (result, [text]) => {
        result.remoteMessages.all.push(text.trim());
        return false;
      }),
      ...remoteMessagesObjectParsers,
      new RemoteLineParser(
        [/create a (?:pull|merge) request/i, /\s(https?:\/\/\S+)$/],
        (result, [pullRequestUrl]) => {
          result.remoteMessages.pullRequestUrl = pullRequestUrl;
        }
      ),
      new RemoteLineParser(
        [/found (\d+) vulnerabilities.+\(([^)]+)\)/i, /\s(https?:\/\/\S+)$/],
        (result, [count, summary, url]) => {
          result.remoteMessages.vulnerabilities = {
            count: asNumber(count),
            summary,
            url
          };
        }
      )
    ];
    RemoteMessageSummary = class {
      constructor() {
        this.all = [];
      }
    };
  }
});

// src/lib/parsers/parse-pull.ts
function parsePullErrorResult(stdOut, stdErr) {
  const pullError = parseStringResponse(new PullFailedSummary(), errorParsers, [stdOut, stdErr]);
  return pullError.message && pullError;
}
var FILE_UPDATE_REGEX, SUMMARY_REGEX, ACTION_REGEX, parsers3, errorParsers, parsePullDetail, parsePullResult;
var init_parse_pull = __esm({
  "src/lib/parsers/parse-pull.ts"() {
    "use strict";
    init_PullSummary();
    init_utils();
    init_parse_remote_messages();
    FILE_UPDATE_REGEX = /^\s*(.+?)\s+\|\s+\d+\s*(\+*)(-*)/;
    SUMMARY_REGEX = /(\d+)\D+((\d+)\D+\(\+\))?(\D+(\d+)\D+\(-\))?/;
    ACTION_REGEX = /^(create|delete) mode \d+ (.+)/;
    parsers3 = [
      new LineParser(FILE_UPDATE_REGEX, (result, [file, insertions, deletions]) => {
        result.files.push(file);
        if (insertions) {
          result.insertions[file] = insertions.length;
        }
        if (deletions) {
          result.deletions[file] = deletions.length;
        }
      }),
      new LineParser(SUMMARY_REGEX, (result, [changes, , insertions, , deletions]) => {
        if (insertions !== void 0 || deletions !== void 0) {
          result.summary.changes = +changes || 0;
          result.summary.insertions = +insertions || 0;
          result.summary.deletions = +deletions || 0;
          return true;
        }
        return false;
      }),
      new LineParser(ACTION_REGEX, (result, [action, file]) => {
        append(result.files, file);
        append(action === "create" ? result.created : result.deleted, file);
      })
    ];
    errorParsers = [
      new LineParser(/^from\s(.+)$/i, (result, [remote]) => void (result.remote = remote)),
      new LineParser(/^fatal:\s(.+)$/, (result, [message]) => void (result.message = message)),
      new LineParser(
        /([a-z0-9]+)\.\.([a-z0-9]+)\s+(\S+)\s+->\s+(\S+)$/,
        (result, [hashLocal, hashRemote, branchLocal, branchRemote]) => {
          result.branch.local = branchLocal;
          result.hash.local = hashLocal;
          result.branch.remote = branchRemote;
          result.hash.remote = hashRemote;
        }
      )
    ];
    parsePullDetail = (stdOut, stdErr) => {
      return parseStringResponse(new PullSummary(), parsers3, [stdOut, stdErr]);
    };
    parsePullResult = (stdOut, stdErr) => {
      return Object.assign(
        new PullSummary(),
        parsePullDetail(stdOut, stdErr),
        parseRemoteMessages(stdOut, stdErr)
      );
    };
  }
});

// src/lib/parsers/parse-merge.ts
var parsers4, parseMergeResult, parseMergeDetail;
var init_parse_merge = __esm({
  "src/lib/parsers/parse-merge.ts"() {
    "use strict";
    init_MergeSummary();
    init_utils();
    init_parse_pull();
    parsers4 = [
      new LineParser(/^Auto-merging\s+(.+)$/, (summary, [autoMerge]) => {
        summary.merges.push(autoMerge);
      }),
      new LineParser(/^CONFLICT\s+\((.+)\): Merge conflict in (.+)$/, (summary, [reason, file]) => {
        summary.conflicts.push(new MergeSummaryConflict(reason, file));
      }),
      new LineParser(
        /^CONFLICT\s+\((.+\/delete)\): (.+) deleted in (.+) and/,
        (summary, [reason, file, deleteRef]) => {
          summary.conflicts.push(new MergeSummaryConflict(reason, file, { deleteRef }));
        }
      ),
      new LineParser(/^CONFLICT\s+\((.+)\):/, (summary, [reason]) => {
        summary.conflicts.push(new MergeSummaryConflict(reason, null));
      }),
      new LineParser(/^Automatic merge failed;\s+(.+)$/, (summary, [result]) => {
        summary.result = result;
      })
    ];
    parseMergeResult = (stdOut, stdErr) => {
      return Object.assign(parseMergeDetail(stdOut, stdErr), parsePullResult(stdOut, stdErr));
    };
    parseMergeDetail = (stdOut) => {
      return parseStringResponse(new MergeSummaryDetail(), parsers4, stdOut);
    };
  }
});

// src/lib/tasks/merge.ts
function mergeTask(customArgs) {
  if (!customArgs.length) {
    return configurationErrorTask("Git.merge requires at least one option");
  }
  return {
    commands: ["merge", ...customArgs],
    format: "utf-8",
    parser(stdOut, stdErr) {
      const merge = parseMergeResult(stdOut, stdErr);
      if (merge.failed) {
        throw new GitResponseError(merge);
      }
      return merge;
    }
  };
}
var init_merge = __esm({
  "src/lib/tasks/merge.ts"() {
    "use strict";
    init_git_response_error();
    init_parse_merge();
    init_task();
  }
});

// src/lib/parsers/parse-push.ts
function pushResultPushedItem(local, remote, status) {
  const deleted = status.includes("deleted");
  const tag = status.includes("tag") || /^refs\/tags/.test(local);
  const alreadyUpdated = !status.includes("new");
  return {
    deleted,
    tag,
    branch: !tag,
    new: !alreadyUpdated,
    alreadyUpdated,
    local,
    remote
  };
}
var parsers5, parsePushResult, parsePushDetail;
var init_parse_push = __esm({
  "src/lib/parsers/parse-push.ts"() {
    "use strict";
    init_utils();
    init_parse_remote_messages();
    parsers5 = [
      new LineParser(/^Pushing to (.+)$/, (result, [repo]) => {
        result.repo = repo;
      }),
      new LineParser(/^updating local tracking ref '(.+)'/, (result, [local]) => {
        result.ref = {
          ...result.ref || {},
          local
        };
      }),
      new LineParser(/^[=*-]\s+([^:]+):(\S+)\s+\[(.+)]$/, (result, [local, remote, type]) => {
        result.pushed.push(pushResultPushedItem(local, remote, type));
      }),
      new LineParser(
        /^Branch '([^']+)' set up to track remote branch '([^']+)' from '([^']+)'/,
        (result, [local, remote, remoteName]) => {
          result.branch = {
            ...result.branch || {},
            local,
            remote,
            remoteName
          };
        }
      ),
      new LineParser(
        /^([^:]+):(\S+)\s+([a-z0-9]+)\.\.([a-z0-9]+)$/,
        (result, [local, remote, from, to]) => {
          result.update = {
            head: {
              local,
              remote
            },
            hash: {
              from,
              to
            }
          };
        }
      )
    ];
    parsePushResult = (stdOut, stdErr) => {
      const pushDetail = parsePushDetail(stdOut, stdErr);
      const responseDetail = parseRemoteMessages(stdOut, stdErr);
      return {
        ...pushDetail,
        ...responseDetail
      };
    };
    parsePushDetail = (stdOut, stdErr) => {
      return parseStringResponse({ pushed: [] }, parsers5, [stdOut, stdErr]);
    };
  }
});

// src/lib/tasks/push.ts
var push_exports = {};
__export(push_exports, {
  pushTagsTask: () => pushTagsTask,
  pushTask: () => pushTask
});
function pushTagsTask(ref = {}, customArgs) {
  append(customArgs, "--tags");
  return pushTask(ref, customArgs);
}
function pushTask(ref = {}, customArgs) {
  const commands = ["push", ...customArgs];
  if (ref.branch) {
    commands.splice(1, 0, ref.branch);
  }
  if (ref.remote) {
    commands.splice(1, 0, ref.remote);
  }
  remove(commands, "-v");
  append(commands, "--verbose");
  append(commands, "--porcelain");
  return {
    commands,
    format: "utf-8",
    parser: parsePushResult
  };
}
var init_push = __esm({
  "src/lib/tasks/push.ts"() {
    "use strict";
    init_parse_push();
    init_utils();
  }
});

// src/lib/tasks/show.ts
function show_default() {
  return {
    showBuffer() {
      const commands = ["show", ...getTrailingOptions(arguments, 1)];
      if (!commands.includes("--binary")) {
        commands.splice(1, 0, "--binary");
      }
      return this._runTask(
        straightThroughBufferTask(commands),
        trailingFunctionArgument(arguments)
      );
    },
    show() {
      const commands = ["show", ...getTrailingOptions(arguments, 1)];
      return this._runTask(
        straightThroughStringTask(commands),
        trailingFunctionArgument(arguments)
      );
    }
  };
}
var init_show = __esm({
  "src/lib/tasks/show.ts"() {
    "use strict";
    init_utils();
    init_task();
  }
});

// src/lib/responses/FileStatusSummary.ts
var fromPathRegex, FileStatusSummary;
var init_FileStatusSummary = __esm({
  "src/lib/responses/FileStatusSummary.ts"() {
    "use strict";
    fromPathRegex = /^(.+)\0(.+)$/;
    FileStatusSummary = class {
      constructor(path, index, working_dir) {
        this.path = path;
        this.index = index;
        this.working_dir = working_dir;
        if (index === "R" || working_dir === "R") {
          const detail = fromPathRegex.exec(path) || [null, path, path];
          this.from = detail[2] || "";
          this.path = detail[1] || "";
        }
      }
    };
  }
});

// src/lib/responses/StatusSummary.ts
function renamedFile(line) {
  const [to, from] = line.split(NULL);
  return {
    from: from || to,
    to
  };
}
function parser3(indexX, indexY, handler) {
  return [`${indexX}${indexY}`, handler];
}
function conflicts(indexX, ...indexY) {
  return indexY.map((y) => parser3(indexX, y, (result, file) => result.conflicted.push(file)));
}
function splitLine(result, lineStr) {
  const trimmed2 = lineStr.trim();
  switch (" ") {
    case trimmed2.charAt(2):
      return data(trimmed2.charAt(0), trimmed2.charAt(1), trimmed2.slice(3));
    case trimmed2.charAt(1):
      return data(" " /* NONE */, trimmed2.charAt(0), trimmed2.slice(2));
    default:
      return;
  }
  function data(index, workingDir, path) {
    const raw = `${index}${workingDir}`;
    const handler = parsers6.get(raw);
    if (handler) {
      handler(result, path);
    }
    if (raw !== "##" && raw !== "!!") {
      result.files.push(new FileStatusSummary(path, index, workingDir));
    }
  }
}
var StatusSummary, parsers6, parseStatusSummary;
var init_StatusSummary = __esm({
  "src/lib/responses/StatusSummary.ts"() {
    "use strict";
    init_utils();
    init_FileStatusSummary();
    StatusSummary = class {
      constructor() {
        this.not_added = [];
        this.conflicted = [];
        this.created = [];
        this.deleted = [];
        this.ignored = void 0;
        this.modified = [];
        this.renamed = [];
        this.files = [];
        this.staged = [];
        this.ahead = 0;
        this.behind = 0;
        this.current = null;
        this.tracking = null;
        this.detached = false;
        this.isClean = () => {
          return !this.files.length;
        };
      }
    };
    parsers6 = new Map([
      parser3(
        " " /* NONE */,
        "A" /* ADDED */,
        (result, file) => result.created.push(file)
      ),
      parser3(
        " " /* NONE */,
        "D" /* DELETED */,
        (result, file) => result.deleted.push(file)
      ),
      parser3(
        " " /* NONE */,
        "M" /* MODIFIED */,
        (result, file) => result.modified.push(file)
      ),
      parser3("A" /* ADDED */, " " /* NONE */, (result, file) => {
        result.created.push(file);
        result.staged.push(file);
      }),
      parser3("A" /* ADDED */, "M" /* MODIFIED */, (result, file) => {
        result.created.push(file);
        result.staged.push(file);
        result.modified.push(file);
      }),
      parser3("D" /* DELETED */, " " /* NONE */, (result, file) => {
        result.deleted.push(file);
        result.staged.push(file);
      }),
      parser3("M" /* MODIFIED */, " " /* NONE */, (result, file) => {
        result.modified.push(file);
        result.staged.push(file);
      }),
      parser3("M" /* MODIFIED */, "M" /* MODIFIED */, (result, file) => {
        result.modified.push(file);
        result.staged.push(file);
      }),
      parser3("R" /* RENAMED */, " " /* NONE */, (result, file) => {
        result.renamed.push(renamedFile(file));
      }),
      parser3("R" /* RENAMED */, "M" /* MODIFIED */, (result, file) => {
        const renamed = renamedFile(file);
        result.renamed.push(renamed);
        result.modified.push(renamed.to);
      }),
      parser3("!" /* IGNORED */, "!" /* IGNORED */, (_result, _file) => {
        (_result.ignored = _result.ignored || []).push(_file);
      }),
      parser3(
        "?" /* UNTRACKED */,
        "?" /* UNTRACKED */,
        (result, file) => result.not_added.push(file)
      ),
      ...conflicts("A" /* ADDED */, "A" /* ADDED */, "U" /* UNMERGED */),
      ...conflicts(
        "D" /* DELETED */,
        "D" /* DELETED */,
        "U" /* UNMERGED */
      ),
      ...conflicts(
        "U" /* UNMERGED */,
        "A" /* ADDED */,
        "D" /* DELETED */,
        "U" /* UNMERGED */
      ),
      [
        "##",
        (result, line) => {
          const aheadReg = /ahead (\d+)/;
          const behindReg = /behind (\d+)/;
          const currentReg = /^(.+?(?=(?:\.{3}|\s|$)))/;
          const trackingReg = /\.{3}(\S*)/;
          const onEmptyBranchReg = /\son\s(\S+?)(?=\.{3}|$)/;
          let regexResult = aheadReg.exec(line);
          result.ahead = regexResult && +regexResult[1] || 0;
          regexResult = behindReg.exec(line);
          result.behind = regexResult && +regexResult[1] || 0;
          regexResult = currentReg.exec(line);
          result.current = filterType(regexResult?.[1], filterString, null);
          regexResult = trackingReg.exec(line);
          result.tracking = filterType(regexResult?.[1], filterString, null);
          regexResult = onEmptyBranchReg.exec(line);
          if (regexResult) {
            result.current = filterType(regexResult?.[1], filterString, result.current);
          }
          result.detached = /\(no branch\)/.test(line);
        }
      ]
    ]);
    parseStatusSummary = function(text) {
      const lines = text.split(NULL);
      const status = new StatusSummary();
      for (let i = 0, l = lines.length; i < l; ) {
        let line = lines[i++].trim();
        if (!line) {
          continue;
        }
        if (line.charAt(0) === "R" /* RENAMED */) {
          line += NULL + (lines[i++] || "");
        }
        splitLine(status, line);
      }
      return status;
    };
  }
});

// src/lib/tasks/status.ts
function statusTask(customArgs) {
  const commands = [
    "status",
    "--porcelain",
    "-b",
    "-u",
    "--null",
    ...customArgs.filter((arg) => !ignoredOptions.includes(arg))
  ];
  return {
    format: "utf-8",
    commands,
    parser(text) {
      return parseStatusSummary(text);
    }
  };
}
var ignoredOptions;
var init_status = __esm({
  "src/lib/tasks/status.ts"() {
    "use strict";
    init_StatusSummary();
    ignoredOptions = ["--null", "-z"];
  }
});

// src/lib/tasks/version.ts
function versionResponse(major = 0, minor = 0, patch = 0, agent = "", installed = true) {
  return Object.defineProperty(
    {
      major,
      minor,
      patch,
      agent,
      installed
    },
    "toString",
    {
      value() {
        return `${this.major}.${this.minor}.${this.patch}`;
      },
      configurable: false,
      enumerable: false
    }
  );
}
function notInstalledResponse() {
  return versionResponse(0, 0, 0, "", false);
}
function version_default() {
  return {
    version() {
      return this._runTask({
        commands: ["--version"],
        format: "utf-8",
        parser: versionParser,
        onError(result, error, done, fail) {
          if (result.exitCode === -2 /* NOT_FOUND */) {
            return done(Buffer.from(NOT_INSTALLED));
          }
          fail(error);
        }
      });
    }
  };
}
function versionParser(stdOut) {
  if (stdOut === NOT_INSTALLED) {
    return notInstalledResponse();
  }
  return parseStringResponse(versionResponse(0, 0, 0, stdOut), parsers7, stdOut);
}
var NOT_INSTALLED, parsers7;
var init_version = __esm({
  "src/lib/tasks/version.ts"() {
    "use strict";
    init_utils();
    NOT_INSTALLED = "installed=false";
    parsers7 = [
      new LineParser(
        /version (\d+)\.(\d+)\.(\d+)(?:\s*\((.+)\))?/,
        (result, [major, minor, patch, agent = ""]) => {
          Object.assign(
            result,
            versionResponse(asNumber(major), asNumber(minor), asNumber(patch), agent)
          );
        }
      ),
      new LineParser(
        /version (\d+)\.(\d+)\.(\D+)(.+)?$/,
        (result, [major, minor, patch, agent = ""]) => {
          Object.assign(result, versionResponse(asNumber(major), asNumber(minor), patch, agent));
        }
      )
    ];
  }
});

// src/lib/tasks/clone.ts

function createCloneTask(api, task, repoPath, ...args) {
  if (!filterString(repoPath)) {
    return configurationErrorTask(`git.${api}() requires a string 'repoPath'`);
  }
  return task(repoPath, filterType(args[0], filterString), getTrailingOptions(arguments));
}
function clone_default() {
  return {
    clone(repo, ...rest) {
      return this._runTask(
        createCloneTask("clone", cloneTask, filterType(repo, filterString), ...rest),
        trailingFunctionArgument(arguments)
      );
    },
    mirror(repo, ...rest) {
      return this._runTask(
        createCloneTask("mirror", cloneMirrorTask, filterType(repo, filterString), ...rest),
        trailingFunctionArgument(arguments)
      );
    }
  };
}
var cloneTask, cloneMirrorTask;
var init_clone = __esm({
  "src/lib/tasks/clone.ts"() {
    "use strict";
    init_task();
    init_utils();
    cloneTask = (repo, directory, customArgs) => {
      const commands = ["clone", ...customArgs];
      filterString(repo) && commands.push(c(repo));
      filterString(directory) && commands.push(c(directory));
      return straightThroughStringTask(commands);
    };
    cloneMirrorTask = (repo, directory, customArgs) => {
      append(customArgs, "--mirror");
      return cloneTask(repo, directory, customArgs);
    };
  }
});

// src/lib/simple-git-api.ts
var simple_git_api_exports = {};
__export(simple_git_api_exports, {
  SimpleGitApi: () => SimpleGitApi
});
var SimpleGitApi;
var init_simple_git_api = __esm({
  "src/lib/simple-git-api.ts"() {
    "use strict";
    init_task_callback();
    init_change_working_directory();
    init_checkout();
    init_count_objects();
    init_commit();
    init_config();
    init_first_commit();
    init_grep();
    init_hash_object();
    init_init();
    init_log();
    init_merge();
    init_push();
    init_show();
    init_status();
    init_task();
    init_version();
    init_utils();
    init_clone();
    SimpleGitApi = class {
      constructor(_executor) {
        this._executor = _executor;
      }
      _runTask(task, then) {
        const chain = this._executor.chain();
        const promise = chain.push(task);
        if (then) {
          taskCallback(task, promise, then);
        }
        return Object.create(this, {
          then: { value: promise.then.bind(promise) },
          catch: { value: promise.catch.bind(promise) },
          _executor: { value: chain }
        });
      }
      add(files) {
        return this._runTask(
          straightThroughStringTask(["add", ...esm_asArray(files)]),
          trailingFunctionArgument(arguments)
        );
      }
      cwd(directory) {
        const next = trailingFunctionArgument(arguments);
        if (typeof directory === "string") {
          return this._runTask(changeWorkingDirectoryTask(directory, this._executor), next);
        }
        if (typeof directory?.path === "string") {
          return this._runTask(
            changeWorkingDirectoryTask(
              directory.path,
              directory.root && this._executor || void 0
            ),
            next
          );
        }
        return this._runTask(
          configurationErrorTask("Git.cwd: workingDirectory must be supplied as a string"),
          next
        );
      }
      hashObject(path, write) {
        return this._runTask(
          hashObjectTask(path, write === true),
          trailingFunctionArgument(arguments)
        );
      }
      init(bare) {
        return this._runTask(
          initTask(bare === true, this._executor.cwd, getTrailingOptions(arguments)),
          trailingFunctionArgument(arguments)
        );
      }
      merge() {
        return this._runTask(
          mergeTask(getTrailingOptions(arguments)),
          trailingFunctionArgument(arguments)
        );
      }
      mergeFromTo(remote, branch) {
        if (!(filterString(remote) && filterString(branch))) {
          return this._runTask(
            configurationErrorTask(
              `Git.mergeFromTo requires that the 'remote' and 'branch' arguments are supplied as strings`
            )
          );
        }
        return this._runTask(
          mergeTask([remote, branch, ...getTrailingOptions(arguments)]),
          trailingFunctionArgument(arguments, false)
        );
      }
      outputHandler(handler) {
        this._executor.outputHandler = handler;
        return this;
      }
      push() {
        const task = pushTask(
          {
            remote: filterType(arguments[0], filterString),
            branch: filterType(arguments[1], filterString)
          },
          getTrailingOptions(arguments)
        );
        return this._runTask(task, trailingFunctionArgument(arguments));
      }
      stash() {
        return this._runTask(
          straightThroughStringTask(["stash", ...getTrailingOptions(arguments)]),
          trailingFunctionArgument(arguments)
        );
      }
      status() {
        return this._runTask(
          statusTask(getTrailingOptions(arguments)),
          trailingFunctionArgument(arguments)
        );
      }
    };
    Object.assign(
      SimpleGitApi.prototype,
      checkout_default(),
      clone_default(),
      commit_default(),
      config_default(),
      count_objects_default(),
      first_commit_default(),
      grep_default(),
      log_default(),
      show_default(),
      version_default()
    );
  }
});

// src/lib/runners/scheduler.ts
var scheduler_exports = {};
__export(scheduler_exports, {
  Scheduler: () => Scheduler
});

var createScheduledTask, Scheduler;
var init_scheduler = __esm({
  "src/lib/runners/scheduler.ts"() {
    "use strict";
    init_utils();
    init_git_logger();
    createScheduledTask = /* @__PURE__ */ (() => {
      let id = 0;
      return () => {
        id++;
        const { promise, done } = (0,promise_deferred_dist/* createDeferred */.ud)();
        return {
          promise,
          done,
          id
        };
      };
    })();
    Scheduler = class {
      constructor(concurrency = 2) {
        this.concurrency = concurrency;
        this.logger = createLogger("", "scheduler");
        this.pending = [];
        this.running = [];
        this.logger(`Constructed, concurrency=%s`, concurrency);
      }
      schedule() {
        if (!this.pending.length || this.running.length >= this.concurrency) {
          this.logger(
            `Schedule attempt ignored, pending=%s running=%s concurrency=%s`,
            this.pending.length,
            this.running.length,
            this.concurrency
          );
          return;
        }
        const task = append(this.running, this.pending.shift());
        this.logger(`Attempting id=%s`, task.id);
        task.done(() => {
          this.logger(`Completing id=`, task.id);
          remove(this.running, task);
          this.schedule();
        });
      }
      next() {
        const { promise, id } = append(this.pending, createScheduledTask());
        this.logger(`Scheduling id=%s`, id);
        this.schedule();
        return promise;
      }
    };
  }
});

// src/lib/tasks/apply-patch.ts
var apply_patch_exports = {};
__export(apply_patch_exports, {
  applyPatchTask: () => applyPatchTask
});
function applyPatchTask(patches, customArgs) {
  return straightThroughStringTask(["apply", ...customArgs, ...patches]);
}
var init_apply_patch = __esm({
  "src/lib/tasks/apply-patch.ts"() {
    "use strict";
    init_task();
  }
});

// src/lib/responses/BranchDeleteSummary.ts
function branchDeletionSuccess(branch, hash) {
  return {
    branch,
    hash,
    success: true
  };
}
function branchDeletionFailure(branch) {
  return {
    branch,
    hash: null,
    success: false
  };
}
var BranchDeletionBatch;
var init_BranchDeleteSummary = __esm({
  "src/lib/responses/BranchDeleteSummary.ts"() {
    "use strict";
    BranchDeletionBatch = class {
      constructor() {
        this.all = [];
        this.branches = {};
        this.errors = [];
      }
      get success() {
        return !this.errors.length;
      }
    };
  }
});

// src/lib/parsers/parse-branch-delete.ts
function hasBranchDeletionError(data, processExitCode) {
  return processExitCode === 1 /* ERROR */ && deleteErrorRegex.test(data);
}
var deleteSuccessRegex, deleteErrorRegex, parsers8, parseBranchDeletions;
var init_parse_branch_delete = __esm({
  "src/lib/parsers/parse-branch-delete.ts"() {
    "use strict";
    init_BranchDeleteSummary();
    init_utils();
    deleteSuccessRegex = /(\S+)\s+\(\S+\s([^)]+)\)/;
    deleteErrorRegex = /^error[^']+'([^']+)'/m;
    parsers8 = [
      new LineParser(deleteSuccessRegex, (result, [branch, hash]) => {
        const deletion = branchDeletionSuccess(branch, hash);
        result.all.push(deletion);
        result.branches[branch] = deletion;
      }),
      new LineParser(deleteErrorRegex, (result, [branch]) => {
        const deletion = branchDeletionFailure(branch);
        result.errors.push(deletion);
        result.all.push(deletion);
        result.branches[branch] = deletion;
      })
    ];
    parseBranchDeletions = (stdOut, stdErr) => {
      return parseStringResponse(new BranchDeletionBatch(), parsers8, [stdOut, stdErr]);
    };
  }
});

// src/lib/responses/BranchSummary.ts
var BranchSummaryResult;
var init_BranchSummary = __esm({
  "src/lib/responses/BranchSummary.ts"() {
    "use strict";
    BranchSummaryResult = class {
      constructor() {
        this.all = [];
        this.branches = {};
        this.current = "";
        this.detached = false;
      }
      push(status, detached, name, commit, label) {
        if (status === "*" /* CURRENT */) {
          this.detached = detached;
          this.current = name;
        }
        this.all.push(name);
        this.branches[name] = {
          current: status === "*" /* CURRENT */,
          linkedWorkTree: status === "+" /* LINKED */,
          name,
          commit,
          label
        };
      }
    };
  }
});

// src/lib/parsers/parse-branch.ts
function branchStatus(input) {
  return input ? input.charAt(0) : "";
}
function parseBranchSummary(stdOut, currentOnly = false) {
  return parseStringResponse(
    new BranchSummaryResult(),
    currentOnly ? [currentBranchParser] : parsers9,
    stdOut
  );
}
var parsers9, currentBranchParser;
var init_parse_branch = __esm({
  "src/lib/parsers/parse-branch.ts"() {
    "use strict";
    init_BranchSummary();
    init_utils();
    parsers9 = [
      new LineParser(
        /^([*+]\s)?\((?:HEAD )?detached (?:from|at) (\S+)\)\s+([a-z0-9]+)\s(.*)$/,
        (result, [current, name, commit, label]) => {
          result.push(branchStatus(current), true, name, commit, label);
        }
      ),
      new LineParser(
        /^([*+]\s)?(\S+)\s+([a-z0-9]+)\s?(.*)$/s,
        (result, [current, name, commit, label]) => {
          result.push(branchStatus(current), false, name, commit, label);
        }
      )
    ];
    currentBranchParser = new LineParser(/^(\S+)$/s, (result, [name]) => {
      result.push("*" /* CURRENT */, false, name, "", "");
    });
  }
});

// src/lib/tasks/branch.ts
var branch_exports = {};
__export(branch_exports, {
  branchLocalTask: () => branchLocalTask,
  branchTask: () => branchTask,
  containsDeleteBranchCommand: () => containsDeleteBranchCommand,
  deleteBranchTask: () => deleteBranchTask,
  deleteBranchesTask: () => deleteBranchesTask
});
function containsDeleteBranchCommand(commands) {
  const deleteCommands = ["-d", "-D", "--delete"];
  return commands.some((command) => deleteCommands.includes(command));
}
function branchTask(customArgs) {
  const isDelete = containsDeleteBranchCommand(customArgs);
  const isCurrentOnly = customArgs.includes("--show-current");
  const commands = ["branch", ...customArgs];
  if (commands.length === 1) {
    commands.push("-a");
  }
  if (!commands.includes("-v")) {
    commands.splice(1, 0, "-v");
  }
  return {
    format: "utf-8",
    commands,
    parser(stdOut, stdErr) {
      if (isDelete) {
        return parseBranchDeletions(stdOut, stdErr).all[0];
      }
      return parseBranchSummary(stdOut, isCurrentOnly);
    }
  };
}
function branchLocalTask() {
  return {
    format: "utf-8",
    commands: ["branch", "-v"],
    parser(stdOut) {
      return parseBranchSummary(stdOut);
    }
  };
}
function deleteBranchesTask(branches, forceDelete = false) {
  return {
    format: "utf-8",
    commands: ["branch", "-v", forceDelete ? "-D" : "-d", ...branches],
    parser(stdOut, stdErr) {
      return parseBranchDeletions(stdOut, stdErr);
    },
    onError({ exitCode, stdOut }, error, done, fail) {
      if (!hasBranchDeletionError(String(error), exitCode)) {
        return fail(error);
      }
      done(stdOut);
    }
  };
}
function deleteBranchTask(branch, forceDelete = false) {
  const task = {
    format: "utf-8",
    commands: ["branch", "-v", forceDelete ? "-D" : "-d", branch],
    parser(stdOut, stdErr) {
      return parseBranchDeletions(stdOut, stdErr).branches[branch];
    },
    onError({ exitCode, stdErr, stdOut }, error, _, fail) {
      if (!hasBranchDeletionError(String(error), exitCode)) {
        return fail(error);
      }
      throw new GitResponseError(
        task.parser(bufferToString(stdOut), bufferToString(stdErr)),
        String(error)
      );
    }
  };
  return task;
}
var init_branch = __esm({
  "src/lib/tasks/branch.ts"() {
    "use strict";
    init_git_response_error();
    init_parse_branch_delete();
    init_parse_branch();
    init_utils();
  }
});

// src/lib/responses/CheckIgnore.ts

function toPath(input) {
  const path = input.trim().replace(/^["']|["']$/g, "");
  return path && (0,external_node_path_namespaceObject.normalize)(path);
}
var parseCheckIgnore;
var init_CheckIgnore = __esm({
  "src/lib/responses/CheckIgnore.ts"() {
    "use strict";
    parseCheckIgnore = (text) => {
      return text.split(/\n/g).map(toPath).filter(Boolean);
    };
  }
});

// src/lib/tasks/check-ignore.ts
var check_ignore_exports = {};
__export(check_ignore_exports, {
  checkIgnoreTask: () => checkIgnoreTask
});
function checkIgnoreTask(paths) {
  return {
    commands: ["check-ignore", ...paths],
    format: "utf-8",
    parser: parseCheckIgnore
  };
}
var init_check_ignore = __esm({
  "src/lib/tasks/check-ignore.ts"() {
    "use strict";
    init_CheckIgnore();
  }
});

// src/lib/parsers/parse-fetch.ts
function parseFetchResult(stdOut, stdErr) {
  const result = {
    raw: stdOut,
    remote: null,
    branches: [],
    tags: [],
    updated: [],
    deleted: []
  };
  return parseStringResponse(result, parsers10, [stdOut, stdErr]);
}
var parsers10;
var init_parse_fetch = __esm({
  "src/lib/parsers/parse-fetch.ts"() {
    "use strict";
    init_utils();
    parsers10 = [
      new LineParser(/From (.+)$/, (result, [remote]) => {
        result.remote = remote;
      }),
      new LineParser(/\* \[new branch]\s+(\S+)\s*-> (.+)$/, (result, [name, tracking]) => {
        result.branches.push({
          name,
          tracking
        });
      }),
      new LineParser(/\* \[new tag]\s+(\S+)\s*-> (.+)$/, (result, [name, tracking]) => {
        result.tags.push({
          name,
          tracking
        });
      }),
      new LineParser(/- \[deleted]\s+\S+\s*-> (.+)$/, (result, [tracking]) => {
        result.deleted.push({
          tracking
        });
      }),
      new LineParser(
        /\s*([^.]+)\.\.(\S+)\s+(\S+)\s*-> (.+)$/,
        (result, [from, to, name, tracking]) => {
          result.updated.push({
            name,
            tracking,
            to,
            from
          });
        }
      )
    ];
  }
});

// src/lib/tasks/fetch.ts
var fetch_exports = {};
__export(fetch_exports, {
  fetchTask: () => fetchTask
});
function disallowedCommand(command) {
  return /^--upload-pack(=|$)/.test(command);
}
function fetchTask(remote, branch, customArgs) {
  const commands = ["fetch", ...customArgs];
  if (remote && branch) {
    commands.push(remote, branch);
  }
  const banned = commands.find(disallowedCommand);
  if (banned) {
    return configurationErrorTask(`git.fetch: potential exploit argument blocked.`);
  }
  return {
    commands,
    format: "utf-8",
    parser: parseFetchResult
  };
}
var init_fetch = __esm({
  "src/lib/tasks/fetch.ts"() {
    "use strict";
    init_parse_fetch();
    init_task();
  }
});

// src/lib/parsers/parse-move.ts
function parseMoveResult(stdOut) {
  return parseStringResponse({ moves: [] }, parsers11, stdOut);
}
var parsers11;
var init_parse_move = __esm({
  "src/lib/parsers/parse-move.ts"() {
    "use strict";
    init_utils();
    parsers11 = [
      new LineParser(/^Renaming (.+) to (.+)$/, (result, [from, to]) => {
        result.moves.push({ from, to });
      })
    ];
  }
});

// src/lib/tasks/move.ts
var move_exports = {};
__export(move_exports, {
  moveTask: () => moveTask
});
function moveTask(from, to) {
  return {
    commands: ["mv", "-v", ...esm_asArray(from), to],
    format: "utf-8",
    parser: parseMoveResult
  };
}
var init_move = __esm({
  "src/lib/tasks/move.ts"() {
    "use strict";
    init_parse_move();
    init_utils();
  }
});

// src/lib/tasks/pull.ts
var pull_exports = {};
__export(pull_exports, {
  pullTask: () => pullTask
});
function pullTask(remote, branch, customArgs) {
  const commands = ["pull", ...customArgs];
  if (remote && branch) {
    commands.splice(1, 0, remote, branch);
  }
  return {
    commands,
    format: "utf-8",
    parser(stdOut, stdErr) {
      return parsePullResult(stdOut, stdErr);
    },
    onError(result, _error, _done, fail) {
      const pullError = parsePullErrorResult(
        bufferToString(result.stdOut),
        bufferToString(result.stdErr)
      );
      if (pullError) {
        return fail(new GitResponseError(pullError));
      }
      fail(_error);
    }
  };
}
var init_pull = __esm({
  "src/lib/tasks/pull.ts"() {
    "use strict";
    init_git_response_error();
    init_parse_pull();
    init_utils();
  }
});

// src/lib/responses/GetRemoteSummary.ts
function parseGetRemotes(text) {
  const remotes = {};
  forEach(text, ([name]) => remotes[name] = { name });
  return Object.values(remotes);
}
function parseGetRemotesVerbose(text) {
  const remotes = {};
  forEach(text, ([name, url, purpose]) => {
    if (!Object.hasOwn(remotes, name)) {
      remotes[name] = {
        name,
        refs: { fetch: "", push: "" }
      };
    }
    if (purpose && url) {
      remotes[name].refs[purpose.replace(/[^a-z]/g, "")] = url;
    }
  });
  return Object.values(remotes);
}
function forEach(text, handler) {
  forEachLineWithContent(text, (line) => handler(line.split(/\s+/)));
}
var init_GetRemoteSummary = __esm({
  "src/lib/responses/GetRemoteSummary.ts"() {
    "use strict";
    init_utils();
  }
});

// src/lib/tasks/remote.ts
var remote_exports = {};
__export(remote_exports, {
  addRemoteTask: () => addRemoteTask,
  getRemotesTask: () => getRemotesTask,
  listRemotesTask: () => listRemotesTask,
  remoteTask: () => remoteTask,
  removeRemoteTask: () => removeRemoteTask
});
function addRemoteTask(remoteName, remoteRepo, customArgs) {
  return straightThroughStringTask(["remote", "add", ...customArgs, remoteName, remoteRepo]);
}
function getRemotesTask(verbose) {
  const commands = ["remote"];
  if (verbose) {
    commands.push("-v");
  }
  return {
    commands,
    format: "utf-8",
    parser: verbose ? parseGetRemotesVerbose : parseGetRemotes
  };
}
function listRemotesTask(customArgs) {
  const commands = [...customArgs];
  if (commands[0] !== "ls-remote") {
    commands.unshift("ls-remote");
  }
  return straightThroughStringTask(commands);
}
function remoteTask(customArgs) {
  const commands = [...customArgs];
  if (commands[0] !== "remote") {
    commands.unshift("remote");
  }
  return straightThroughStringTask(commands);
}
function removeRemoteTask(remoteName) {
  return straightThroughStringTask(["remote", "remove", remoteName]);
}
var init_remote = __esm({
  "src/lib/tasks/remote.ts"() {
    "use strict";
    init_GetRemoteSummary();
    init_task();
  }
});

// src/lib/tasks/stash-list.ts
var stash_list_exports = {};
__export(stash_list_exports, {
  stashListTask: () => stashListTask
});
function stashListTask(opt = {}, customArgs) {
  const options = parseLogOptions(opt);
  const commands = ["stash", "list", ...options.commands, ...customArgs];
  const parser4 = createListLogSummaryParser(
    options.splitter,
    options.fields,
    logFormatFromCommand(commands)
  );
  return validateLogFormatConfig(commands) || {
    commands,
    format: "utf-8",
    parser: parser4
  };
}
var init_stash_list = __esm({
  "src/lib/tasks/stash-list.ts"() {
    "use strict";
    init_log_format();
    init_parse_list_log_summary();
    init_diff();
    init_log();
  }
});

// src/lib/tasks/sub-module.ts
var sub_module_exports = {};
__export(sub_module_exports, {
  addSubModuleTask: () => addSubModuleTask,
  initSubModuleTask: () => initSubModuleTask,
  subModuleTask: () => subModuleTask,
  updateSubModuleTask: () => updateSubModuleTask
});
function addSubModuleTask(repo, path) {
  return subModuleTask(["add", repo, path]);
}
function initSubModuleTask(customArgs) {
  return subModuleTask(["init", ...customArgs]);
}
function subModuleTask(customArgs) {
  const commands = [...customArgs];
  if (commands[0] !== "submodule") {
    commands.unshift("submodule");
  }
  return straightThroughStringTask(commands);
}
function updateSubModuleTask(customArgs) {
  return subModuleTask(["update", ...customArgs]);
}
var init_sub_module = __esm({
  "src/lib/tasks/sub-module.ts"() {
    "use strict";
    init_task();
  }
});

// src/lib/responses/TagList.ts
function singleSorted(a, b) {
  const aIsNum = Number.isNaN(a);
  const bIsNum = Number.isNaN(b);
  if (aIsNum !== bIsNum) {
    return aIsNum ? 1 : -1;
  }
  return aIsNum ? sorted(a, b) : 0;
}
function sorted(a, b) {
  return a === b ? 0 : a > b ? 1 : -1;
}
function trimmed(input) {
  return input.trim();
}
function toNumber(input) {
  if (typeof input === "string") {
    return parseInt(input.replace(/^\D+/g, ""), 10) || 0;
  }
  return 0;
}
var TagList, parseTagList;
var init_TagList = __esm({
  "src/lib/responses/TagList.ts"() {
    "use strict";
    TagList = class {
      constructor(all, latest) {
        this.all = all;
        this.latest = latest;
      }
    };
    parseTagList = function(data, customSort = false) {
      const tags = data.split("\n").map(trimmed).filter(Boolean);
      if (!customSort) {
        tags.sort(function(tagA, tagB) {
          const partsA = tagA.split(".");
          const partsB = tagB.split(".");
          if (partsA.length === 1 || partsB.length === 1) {
            return singleSorted(toNumber(partsA[0]), toNumber(partsB[0]));
          }
          for (let i = 0, l = Math.max(partsA.length, partsB.length); i < l; i++) {
            const diff = sorted(toNumber(partsA[i]), toNumber(partsB[i]));
            if (diff) {
              return diff;
            }
          }
          return 0;
        });
      }
      const latest = customSort ? tags[0] : [...tags].reverse().find((tag) => tag.indexOf(".") >= 0);
      return new TagList(tags, latest);
    };
  }
});

// src/lib/tasks/tag.ts
var tag_exports = {};
__export(tag_exports, {
  addAnnotatedTagTask: () => addAnnotatedTagTask,
  addTagTask: () => addTagTask,
  tagListTask: () => tagListTask
});
function tagListTask(customArgs = []) {
  const hasCustomSort = customArgs.some((option) => /^--sort=/.test(option));
  return {
    format: "utf-8",
    commands: ["tag", "-l", ...customArgs],
    parser(text) {
      return parseTagList(text, hasCustomSort);
    }
  };
}
function addTagTask(name) {
  return {
    format: "utf-8",
    commands: ["tag", name],
    parser() {
      return { name };
    }
  };
}
function addAnnotatedTagTask(name, tagMessage) {
  return {
    format: "utf-8",
    commands: ["tag", "-a", "-m", tagMessage, name],
    parser() {
      return { name };
    }
  };
}
var init_tag = __esm({
  "src/lib/tasks/tag.ts"() {
    "use strict";
    init_TagList();
  }
});

// src/git.js
var require_git = __commonJS({
  "src/git.js"(exports, module) {
    "use strict";
    var { GitExecutor: GitExecutor2 } = (init_git_executor(), __toCommonJS(git_executor_exports));
    var { SimpleGitApi: SimpleGitApi2 } = (init_simple_git_api(), __toCommonJS(simple_git_api_exports));
    var { Scheduler: Scheduler2 } = (init_scheduler(), __toCommonJS(scheduler_exports));
    var { adhocExecTask: adhocExecTask2, configurationErrorTask: configurationErrorTask2 } = (init_task(), __toCommonJS(task_exports));
    var {
      asArray: asArray2,
      filterArray: filterArray2,
      filterPrimitives: filterPrimitives2,
      filterString: filterString2,
      filterStringOrStringArray: filterStringOrStringArray2,
      filterType: filterType2,
      getTrailingOptions: getTrailingOptions2,
      trailingFunctionArgument: trailingFunctionArgument2,
      trailingOptionsArgument: trailingOptionsArgument2
    } = (init_utils(), __toCommonJS(utils_exports));
    var { applyPatchTask: applyPatchTask2 } = (init_apply_patch(), __toCommonJS(apply_patch_exports));
    var {
      branchTask: branchTask2,
      branchLocalTask: branchLocalTask2,
      deleteBranchesTask: deleteBranchesTask2,
      deleteBranchTask: deleteBranchTask2
    } = (init_branch(), __toCommonJS(branch_exports));
    var { checkIgnoreTask: checkIgnoreTask2 } = (init_check_ignore(), __toCommonJS(check_ignore_exports));
    var { checkIsRepoTask: checkIsRepoTask2 } = (init_check_is_repo(), __toCommonJS(check_is_repo_exports));
    var { cleanWithOptionsTask: cleanWithOptionsTask2, isCleanOptionsArray: isCleanOptionsArray2 } = (init_clean(), __toCommonJS(clean_exports));
    var { diffSummaryTask: diffSummaryTask2 } = (init_diff(), __toCommonJS(diff_exports));
    var { fetchTask: fetchTask2 } = (init_fetch(), __toCommonJS(fetch_exports));
    var { moveTask: moveTask2 } = (init_move(), __toCommonJS(move_exports));
    var { pullTask: pullTask2 } = (init_pull(), __toCommonJS(pull_exports));
    var { pushTagsTask: pushTagsTask2 } = (init_push(), __toCommonJS(push_exports));
    var {
      addRemoteTask: addRemoteTask2,
      getRemotesTask: getRemotesTask2,
      listRemotesTask: listRemotesTask2,
      remoteTask: remoteTask2,
      removeRemoteTask: removeRemoteTask2
    } = (init_remote(), __toCommonJS(remote_exports));
    var { getResetMode: getResetMode2, resetTask: resetTask2 } = (init_reset(), __toCommonJS(reset_exports));
    var { stashListTask: stashListTask2 } = (init_stash_list(), __toCommonJS(stash_list_exports));
    var {
      addSubModuleTask: addSubModuleTask2,
      initSubModuleTask: initSubModuleTask2,
      subModuleTask: subModuleTask2,
      updateSubModuleTask: updateSubModuleTask2
    } = (init_sub_module(), __toCommonJS(sub_module_exports));
    var { addAnnotatedTagTask: addAnnotatedTagTask2, addTagTask: addTagTask2, tagListTask: tagListTask2 } = (init_tag(), __toCommonJS(tag_exports));
    var { straightThroughBufferTask: straightThroughBufferTask2, straightThroughStringTask: straightThroughStringTask2 } = (init_task(), __toCommonJS(task_exports));
    function Git2(options, plugins) {
      this._plugins = plugins;
      this._executor = new GitExecutor2(
        options.baseDir,
        new Scheduler2(options.maxConcurrentProcesses),
        plugins
      );
      this._trimmed = options.trimmed;
    }
    (Git2.prototype = Object.create(SimpleGitApi2.prototype)).constructor = Git2;
    Git2.prototype.customBinary = function(command) {
      this._plugins.reconfigure("binary", command);
      return this;
    };
    Git2.prototype.env = function(name, value) {
      if (arguments.length === 1 && typeof name === "object") {
        this._executor.env = name;
      } else {
        (this._executor.env = this._executor.env || {})[name] = value;
      }
      return this;
    };
    Git2.prototype.stashList = function(options) {
      return this._runTask(
        stashListTask2(
          trailingOptionsArgument2(arguments) || {},
          filterArray2(options) && options || []
        ),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.mv = function(from, to) {
      return this._runTask(moveTask2(from, to), trailingFunctionArgument2(arguments));
    };
    Git2.prototype.checkoutLatestTag = function(then) {
      var git = this;
      return this.pull(function() {
        git.tags(function(err, tags) {
          git.checkout(tags.latest, then);
        });
      });
    };
    Git2.prototype.pull = function(remote, branch, options, then) {
      return this._runTask(
        pullTask2(
          filterType2(remote, filterString2),
          filterType2(branch, filterString2),
          getTrailingOptions2(arguments)
        ),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.fetch = function(remote, branch) {
      return this._runTask(
        fetchTask2(
          filterType2(remote, filterString2),
          filterType2(branch, filterString2),
          getTrailingOptions2(arguments)
        ),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.silent = function(silence) {
      return this._runTask(
        adhocExecTask2(
          () => console.warn(
            "simple-git deprecation notice: git.silent: logging should be configured using the `debug` library / `DEBUG` environment variable, this method will be removed."
          )
        )
      );
    };
    Git2.prototype.tags = function(options, then) {
      return this._runTask(
        tagListTask2(getTrailingOptions2(arguments)),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.rebase = function() {
      return this._runTask(
        straightThroughStringTask2(["rebase", ...getTrailingOptions2(arguments)]),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.reset = function(mode) {
      return this._runTask(
        resetTask2(getResetMode2(mode), getTrailingOptions2(arguments)),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.revert = function(commit) {
      const next = trailingFunctionArgument2(arguments);
      if (typeof commit !== "string") {
        return this._runTask(configurationErrorTask2("Commit must be a string"), next);
      }
      return this._runTask(
        straightThroughStringTask2(["revert", ...getTrailingOptions2(arguments, 0, true), commit]),
        next
      );
    };
    Git2.prototype.addTag = function(name) {
      const task = typeof name === "string" ? addTagTask2(name) : configurationErrorTask2("Git.addTag requires a tag name");
      return this._runTask(task, trailingFunctionArgument2(arguments));
    };
    Git2.prototype.addAnnotatedTag = function(tagName, tagMessage) {
      return this._runTask(
        addAnnotatedTagTask2(tagName, tagMessage),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.deleteLocalBranch = function(branchName, forceDelete, then) {
      return this._runTask(
        deleteBranchTask2(branchName, typeof forceDelete === "boolean" ? forceDelete : false),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.deleteLocalBranches = function(branchNames, forceDelete, then) {
      return this._runTask(
        deleteBranchesTask2(branchNames, typeof forceDelete === "boolean" ? forceDelete : false),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.branch = function(options, then) {
      return this._runTask(
        branchTask2(getTrailingOptions2(arguments)),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.branchLocal = function(then) {
      return this._runTask(branchLocalTask2(), trailingFunctionArgument2(arguments));
    };
    Git2.prototype.raw = function(commands) {
      const createRestCommands = !Array.isArray(commands);
      const command = [].slice.call(createRestCommands ? arguments : commands, 0);
      for (let i = 0; i < command.length && createRestCommands; i++) {
        if (!filterPrimitives2(command[i])) {
          command.splice(i, command.length - i);
          break;
        }
      }
      command.push(...getTrailingOptions2(arguments, 0, true));
      var next = trailingFunctionArgument2(arguments);
      if (!command.length) {
        return this._runTask(
          configurationErrorTask2("Raw: must supply one or more command to execute"),
          next
        );
      }
      return this._runTask(straightThroughStringTask2(command, this._trimmed), next);
    };
    Git2.prototype.submoduleAdd = function(repo, path, then) {
      return this._runTask(addSubModuleTask2(repo, path), trailingFunctionArgument2(arguments));
    };
    Git2.prototype.submoduleUpdate = function(args, then) {
      return this._runTask(
        updateSubModuleTask2(getTrailingOptions2(arguments, true)),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.submoduleInit = function(args, then) {
      return this._runTask(
        initSubModuleTask2(getTrailingOptions2(arguments, true)),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.subModule = function(options, then) {
      return this._runTask(
        subModuleTask2(getTrailingOptions2(arguments)),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.listRemote = function() {
      return this._runTask(
        listRemotesTask2(getTrailingOptions2(arguments)),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.addRemote = function(remoteName, remoteRepo, then) {
      return this._runTask(
        addRemoteTask2(remoteName, remoteRepo, getTrailingOptions2(arguments)),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.removeRemote = function(remoteName, then) {
      return this._runTask(removeRemoteTask2(remoteName), trailingFunctionArgument2(arguments));
    };
    Git2.prototype.getRemotes = function(verbose, then) {
      return this._runTask(getRemotesTask2(verbose === true), trailingFunctionArgument2(arguments));
    };
    Git2.prototype.remote = function(options, then) {
      return this._runTask(
        remoteTask2(getTrailingOptions2(arguments)),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.tag = function(options, then) {
      const command = getTrailingOptions2(arguments);
      if (command[0] !== "tag") {
        command.unshift("tag");
      }
      return this._runTask(straightThroughStringTask2(command), trailingFunctionArgument2(arguments));
    };
    Git2.prototype.updateServerInfo = function(then) {
      return this._runTask(
        straightThroughStringTask2(["update-server-info"]),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.pushTags = function(remote, then) {
      const task = pushTagsTask2(
        { remote: filterType2(remote, filterString2) },
        getTrailingOptions2(arguments)
      );
      return this._runTask(task, trailingFunctionArgument2(arguments));
    };
    Git2.prototype.rm = function(files) {
      return this._runTask(
        straightThroughStringTask2(["rm", "-f", ...asArray2(files)]),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.rmKeepLocal = function(files) {
      return this._runTask(
        straightThroughStringTask2(["rm", "--cached", ...asArray2(files)]),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.catFile = function(options, then) {
      return this._catFile("utf-8", arguments);
    };
    Git2.prototype.binaryCatFile = function() {
      return this._catFile("buffer", arguments);
    };
    Git2.prototype._catFile = function(format, args) {
      var handler = trailingFunctionArgument2(args);
      var command = ["cat-file"];
      var options = args[0];
      if (typeof options === "string") {
        return this._runTask(
          configurationErrorTask2("Git.catFile: options must be supplied as an array of strings"),
          handler
        );
      }
      if (Array.isArray(options)) {
        command.push.apply(command, options);
      }
      const task = format === "buffer" ? straightThroughBufferTask2(command) : straightThroughStringTask2(command);
      return this._runTask(task, handler);
    };
    Git2.prototype.diff = function(options, then) {
      const task = filterString2(options) ? configurationErrorTask2(
        "git.diff: supplying options as a single string is no longer supported, switch to an array of strings"
      ) : straightThroughStringTask2(["diff", ...getTrailingOptions2(arguments)]);
      return this._runTask(task, trailingFunctionArgument2(arguments));
    };
    Git2.prototype.diffSummary = function() {
      return this._runTask(
        diffSummaryTask2(getTrailingOptions2(arguments, 1)),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.applyPatch = function(patches) {
      const task = !filterStringOrStringArray2(patches) ? configurationErrorTask2(
        `git.applyPatch requires one or more string patches as the first argument`
      ) : applyPatchTask2(asArray2(patches), getTrailingOptions2([].slice.call(arguments, 1)));
      return this._runTask(task, trailingFunctionArgument2(arguments));
    };
    Git2.prototype.revparse = function() {
      const commands = ["rev-parse", ...getTrailingOptions2(arguments, true)];
      return this._runTask(
        straightThroughStringTask2(commands, true),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.clean = function(mode, options, then) {
      const usingCleanOptionsArray = isCleanOptionsArray2(mode);
      const cleanMode = usingCleanOptionsArray && mode.join("") || filterType2(mode, filterString2) || "";
      const customArgs = getTrailingOptions2([].slice.call(arguments, usingCleanOptionsArray ? 1 : 0));
      return this._runTask(
        cleanWithOptionsTask2(cleanMode, customArgs),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.exec = function(then) {
      const task = {
        commands: [],
        format: "utf-8",
        parser() {
          if (typeof then === "function") {
            then();
          }
        }
      };
      return this._runTask(task);
    };
    Git2.prototype.clearQueue = function() {
      return this._runTask(
        adhocExecTask2(
          () => console.warn(
            "simple-git deprecation notice: clearQueue() is deprecated and will be removed, switch to using the abortPlugin instead."
          )
        )
      );
    };
    Git2.prototype.checkIgnore = function(pathnames, then) {
      return this._runTask(
        checkIgnoreTask2(asArray2(filterType2(pathnames, filterStringOrStringArray2, []))),
        trailingFunctionArgument2(arguments)
      );
    };
    Git2.prototype.checkIsRepo = function(checkType, then) {
      return this._runTask(
        checkIsRepoTask2(filterType2(checkType, filterString2)),
        trailingFunctionArgument2(arguments)
      );
    };
    module.exports = Git2;
  }
});

// src/lib/api.ts


// src/lib/errors/git-construct-error.ts
init_git_error();
var GitConstructError = class extends GitError {
  constructor(config, message) {
    super(void 0, message);
    this.config = config;
  }
};

// src/lib/api.ts
init_git_error();

// src/lib/errors/git-plugin-error.ts
init_git_error();
var GitPluginError = class extends GitError {
  constructor(task, plugin, message) {
    super(task, message);
    this.task = task;
    this.plugin = plugin;
    Object.setPrototypeOf(this, new.target.prototype);
  }
};

// src/lib/api.ts
init_git_response_error();
init_task_configuration_error();
init_check_is_repo();
init_clean();
init_config();
init_diff_name_status();
init_grep();
init_reset();

// src/lib/plugins/abort-plugin.ts
function abortPlugin(signal) {
  if (!signal) {
    return;
  }
  const onSpawnAfter = {
    type: "spawn.after",
    action(_data, context) {
      function kill() {
        context.kill(new GitPluginError(void 0, "abort", "Abort signal received"));
      }
      signal.addEventListener("abort", kill);
      context.spawned.on("close", () => signal.removeEventListener("abort", kill));
    }
  };
  const onSpawnBefore = {
    type: "spawn.before",
    action(_data, context) {
      if (signal.aborted) {
        context.kill(new GitPluginError(void 0, "abort", "Abort already signaled"));
      }
    }
  };
  return [onSpawnBefore, onSpawnAfter];
}

// src/lib/plugins/block-unsafe-operations-plugin.ts

function blockUnsafeOperationsPlugin(options = {}) {
  return {
    type: "spawn.args",
    action(args, { env }) {
      for (const vulnerability of ne(args, env)) {
        if (options[vulnerability.category] !== true) {
          throw new GitPluginError(void 0, "unsafe", vulnerability.message);
        }
      }
      return args;
    }
  };
}

// src/lib/plugins/command-config-prefixing-plugin.ts
init_utils();
function commandConfigPrefixingPlugin(configuration) {
  const prefix = prefixedArray(configuration, "-c");
  return {
    type: "spawn.args",
    action(data) {
      return [...prefix, ...data];
    }
  };
}

// src/lib/plugins/completion-detection.plugin.ts
init_utils();

var never = (0,promise_deferred_dist/* deferred */.yX)().promise;
function completionDetectionPlugin({
  onClose = true,
  onExit = 50
} = {}) {
  function createEvents() {
    let exitCode = -1;
    const events = {
      close: (0,promise_deferred_dist/* deferred */.yX)(),
      closeTimeout: (0,promise_deferred_dist/* deferred */.yX)(),
      exit: (0,promise_deferred_dist/* deferred */.yX)(),
      exitTimeout: (0,promise_deferred_dist/* deferred */.yX)()
    };
    const result = Promise.race([
      onClose === false ? never : events.closeTimeout.promise,
      onExit === false ? never : events.exitTimeout.promise
    ]);
    configureTimeout(onClose, events.close, events.closeTimeout);
    configureTimeout(onExit, events.exit, events.exitTimeout);
    return {
      close(code) {
        exitCode = code;
        events.close.done();
      },
      exit(code) {
        exitCode = code;
        events.exit.done();
      },
      get exitCode() {
        return exitCode;
      },
      result
    };
  }
  function configureTimeout(flag, event, timeout) {
    if (flag === false) {
      return;
    }
    (flag === true ? event.promise : event.promise.then(() => delay(flag))).then(timeout.done);
  }
  return {
    type: "spawn.after",
    async action(_data, { spawned, close }) {
      const events = createEvents();
      let deferClose = true;
      let quickClose = () => void (deferClose = false);
      spawned.stdout?.on("data", quickClose);
      spawned.stderr?.on("data", quickClose);
      spawned.on("error", quickClose);
      spawned.on("close", (code) => events.close(code));
      spawned.on("exit", (code) => events.exit(code));
      try {
        await events.result;
        if (deferClose) {
          await delay(50);
        }
        close(events.exitCode);
      } catch (err) {
        close(events.exitCode, err);
      }
    }
  };
}

// src/lib/plugins/custom-binary.plugin.ts
init_utils();
var WRONG_NUMBER_ERR = `Invalid value supplied for custom binary, requires a single string or an array containing either one or two strings`;
var WRONG_CHARS_ERR = `Invalid value supplied for custom binary, restricted characters must be removed or supply the unsafe.allowUnsafeCustomBinary option`;
function isBadArgument(arg) {
  return !arg || !/^([a-z]:)?([a-z0-9/.\\_~-]+)$/i.test(arg);
}
function toBinaryConfig(input, allowUnsafe) {
  if (input.length < 1 || input.length > 2) {
    throw new GitPluginError(void 0, "binary", WRONG_NUMBER_ERR);
  }
  const isBad = input.some(isBadArgument);
  if (isBad) {
    if (allowUnsafe) {
      console.warn(WRONG_CHARS_ERR);
    } else {
      throw new GitPluginError(void 0, "binary", WRONG_CHARS_ERR);
    }
  }
  const [binary, prefix] = input;
  return {
    binary,
    prefix
  };
}
function customBinaryPlugin(plugins, input = ["git"], allowUnsafe = false) {
  let config = toBinaryConfig(esm_asArray(input), allowUnsafe);
  plugins.on("binary", (input2) => {
    config = toBinaryConfig(esm_asArray(input2), allowUnsafe);
  });
  plugins.append("spawn.binary", () => {
    return config.binary;
  });
  plugins.append("spawn.args", (data) => {
    return config.prefix ? [config.prefix, ...data] : data;
  });
}

// src/lib/plugins/error-detection.plugin.ts
init_git_error();
function isTaskError(result) {
  return !!(result.exitCode && result.stdErr.length);
}
function getErrorMessage(result) {
  return Buffer.concat([...result.stdOut, ...result.stdErr]);
}
function errorDetectionHandler(overwrite = false, isError = isTaskError, errorMessage = getErrorMessage) {
  return (error, result) => {
    if (!overwrite && error || !isError(result)) {
      return error;
    }
    return errorMessage(result);
  };
}
function errorDetectionPlugin(config) {
  return {
    type: "task.error",
    action(data, context) {
      const error = config(data.error, {
        stdErr: context.stdErr,
        stdOut: context.stdOut,
        exitCode: context.exitCode
      });
      if (Buffer.isBuffer(error)) {
        return { error: new GitError(void 0, error.toString("utf-8")) };
      }
      return {
        error
      };
    }
  };
}

// src/lib/plugins/plugin-store.ts
init_utils();

var PluginStore = class {
  constructor() {
    this.plugins = /* @__PURE__ */ new Set();
    this.events = new external_node_events_namespaceObject.EventEmitter();
  }
  on(type, listener) {
    this.events.on(type, listener);
  }
  reconfigure(type, data) {
    this.events.emit(type, data);
  }
  append(type, action) {
    const plugin = append(this.plugins, { type, action });
    return () => this.plugins.delete(plugin);
  }
  add(plugin) {
    const plugins = [];
    esm_asArray(plugin).forEach((plugin2) => plugin2 && this.plugins.add(append(plugins, plugin2)));
    return () => {
      plugins.forEach((plugin2) => this.plugins.delete(plugin2));
    };
  }
  exec(type, data, context) {
    let output = data;
    const contextual = Object.freeze(Object.create(context));
    for (const plugin of this.plugins) {
      if (plugin.type === type) {
        output = plugin.action(output, contextual);
      }
    }
    return output;
  }
};

// src/lib/plugins/progress-monitor-plugin.ts
init_utils();
function progressMonitorPlugin(progress) {
  const progressCommand = "--progress";
  const progressMethods = ["checkout", "clone", "fetch", "pull", "push"];
  const onProgress = {
    type: "spawn.after",
    action(_data, context) {
      if (!context.commands.includes(progressCommand)) {
        return;
      }
      context.spawned.stderr?.on("data", (chunk) => {
        const message = /^([\s\S]+?):\s*(\d+)% \((\d+)\/(\d+)\)/.exec(chunk.toString("utf8"));
        if (!message) {
          return;
        }
        progress({
          method: context.method,
          stage: progressEventStage(message[1]),
          progress: asNumber(message[2]),
          processed: asNumber(message[3]),
          total: asNumber(message[4])
        });
      });
    }
  };
  const onArgs = {
    type: "spawn.args",
    action(args, context) {
      if (!progressMethods.includes(context.method)) {
        return args;
      }
      return including(args, progressCommand);
    }
  };
  return [onArgs, onProgress];
}
function progressEventStage(input) {
  return String(input.toLowerCase().split(" ", 1)) || "unknown";
}

// src/lib/plugins/spawn-options-plugin.ts
init_utils();
function spawnOptionsPlugin(spawnOptions) {
  const options = pick(spawnOptions, ["uid", "gid"]);
  return {
    type: "spawn.options",
    action(data) {
      return { ...options, ...data };
    }
  };
}

// src/lib/plugins/timout-plugin.ts
function timeoutPlugin({
  block,
  stdErr = true,
  stdOut = true
}) {
  if (block > 0) {
    return {
      type: "spawn.after",
      action(_data, context) {
        let timeout;
        function wait() {
          timeout && clearTimeout(timeout);
          timeout = setTimeout(kill, block);
        }
        function stop() {
          context.spawned.stdout?.off("data", wait);
          context.spawned.stderr?.off("data", wait);
          context.spawned.off("exit", stop);
          context.spawned.off("close", stop);
          timeout && clearTimeout(timeout);
        }
        function kill() {
          stop();
          context.kill(new GitPluginError(void 0, "timeout", `block timeout reached`));
        }
        stdOut && context.spawned.stdout?.on("data", wait);
        stdErr && context.spawned.stderr?.on("data", wait);
        context.spawned.on("exit", stop);
        context.spawned.on("close", stop);
        wait();
      }
    };
  }
}

// src/lib/plugins/suffix-paths.plugin.ts

function suffixPathsPlugin() {
  return {
    type: "spawn.args",
    action(data) {
      const prefix = [];
      let suffix;
      function append2(args) {
        (suffix = suffix || []).push(...args);
      }
      for (let i = 0; i < data.length; i++) {
        const param = data[i];
        if (dist_r(param)) {
          append2(dist_o(param));
          continue;
        }
        if (param === "--") {
          append2(
            data.slice(i + 1).flatMap((item) => dist_r(item) && dist_o(item) || item)
          );
          break;
        }
        prefix.push(param);
      }
      return !suffix ? prefix : [...prefix, "--", ...suffix.map(String)];
    }
  };
}

// src/lib/git-factory.ts
init_utils();
var Git = require_git();
function gitInstanceFactory(baseDir, options) {
  const plugins = new PluginStore();
  const config = createInstanceConfig(
    baseDir && (typeof baseDir === "string" ? { baseDir } : baseDir) || {},
    options
  );
  if (!folderExists(config.baseDir)) {
    throw new GitConstructError(
      config,
      `Cannot use simple-git on a directory that does not exist`
    );
  }
  if (Array.isArray(config.config)) {
    plugins.add(commandConfigPrefixingPlugin(config.config));
  }
  plugins.add(blockUnsafeOperationsPlugin(config.unsafe));
  plugins.add(completionDetectionPlugin(config.completion));
  config.abort && plugins.add(abortPlugin(config.abort));
  config.progress && plugins.add(progressMonitorPlugin(config.progress));
  config.timeout && plugins.add(timeoutPlugin(config.timeout));
  config.spawnOptions && plugins.add(spawnOptionsPlugin(config.spawnOptions));
  plugins.add(suffixPathsPlugin());
  plugins.add(errorDetectionPlugin(errorDetectionHandler(true)));
  config.errors && plugins.add(errorDetectionPlugin(config.errors));
  customBinaryPlugin(plugins, config.binary, config.unsafe?.allowUnsafeCustomBinary);
  return new Git(config, plugins);
}

// src/lib/runners/promise-wrapped.ts
init_git_response_error();
var functionNamesBuilderApi = (/* unused pure expression or super */ null && (["customBinary", "env", "outputHandler", "silent"]));
var functionNamesPromiseApi = (/* unused pure expression or super */ null && ([
  "add",
  "addAnnotatedTag",
  "addConfig",
  "addRemote",
  "addTag",
  "applyPatch",
  "binaryCatFile",
  "branch",
  "branchLocal",
  "catFile",
  "checkIgnore",
  "checkIsRepo",
  "checkout",
  "checkoutBranch",
  "checkoutLatestTag",
  "checkoutLocalBranch",
  "clean",
  "clone",
  "commit",
  "cwd",
  "deleteLocalBranch",
  "deleteLocalBranches",
  "diff",
  "diffSummary",
  "exec",
  "fetch",
  "getRemotes",
  "init",
  "listConfig",
  "listRemote",
  "log",
  "merge",
  "mergeFromTo",
  "mirror",
  "mv",
  "pull",
  "push",
  "pushTags",
  "raw",
  "rebase",
  "remote",
  "removeRemote",
  "reset",
  "revert",
  "revparse",
  "rm",
  "rmKeepLocal",
  "show",
  "stash",
  "stashList",
  "status",
  "subModule",
  "submoduleAdd",
  "submoduleInit",
  "submoduleUpdate",
  "tag",
  "tags",
  "updateServerInfo"
]));
function gitP(...args) {
  let git;
  let chain = Promise.resolve();
  try {
    git = gitInstanceFactory(...args);
  } catch (e) {
    chain = Promise.reject(e);
  }
  function builderReturn() {
    return promiseApi;
  }
  function chainReturn() {
    return chain;
  }
  const promiseApi = [...functionNamesBuilderApi, ...functionNamesPromiseApi].reduce(
    (api, name) => {
      const isAsync = functionNamesPromiseApi.includes(name);
      const valid = isAsync ? asyncWrapper(name, git) : syncWrapper(name, git, api);
      const alternative = isAsync ? chainReturn : builderReturn;
      Object.defineProperty(api, name, {
        enumerable: false,
        configurable: false,
        value: git ? valid : alternative
      });
      return api;
    },
    {}
  );
  return promiseApi;
  function asyncWrapper(fn, git2) {
    return function(...args2) {
      if (typeof args2[args2.length] === "function") {
        throw new TypeError(
          "Promise interface requires that handlers are not supplied inline, trailing function not allowed in call to " + fn
        );
      }
      return chain.then(function() {
        return new Promise(function(resolve, reject) {
          const callback = (err, result) => {
            if (err) {
              return reject(toError(err));
            }
            resolve(result);
          };
          args2.push(callback);
          git2[fn].apply(git2, args2);
        });
      });
    };
  }
  function syncWrapper(fn, git2, api) {
    return (...args2) => {
      git2[fn](...args2);
      return api;
    };
  }
}
function toError(error) {
  if (error instanceof Error) {
    return error;
  }
  if (typeof error === "string") {
    return new Error(error);
  }
  return new GitResponseError(error);
}

// src/esm.mjs
var simpleGit = gitInstanceFactory;
var esm_default = (/* unused pure expression or super */ null && (gitInstanceFactory));

//# sourceMappingURL=index.js.map

;// CONCATENATED MODULE: ./src/git/git.ts

const BOT_NAME = 'github-actions[bot]';
const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';
/** The narrow slice of git that the product needs, over simple-git. */
class GitRepo {
    dir;
    log;
    git;
    constructor(dir, log) {
        this.dir = dir;
        this.log = log;
        // trustctime off: unchanged snapshot files are hard links to the previous ones, whose ctime the link
        // moved; size, mtime and inode still tell git they are unchanged, without hashing every file again.
        this.git = simpleGit({ baseDir: dir, config: ['core.quotepath=false', 'core.trustctime=false'] });
    }
    static async open(dir, log) {
        const repo = new GitRepo(dir, log);
        if (!(await repo.git.checkIsRepo().catch(() => false)))
            throw new Error(`${dir} is not a git repository: run actions/checkout first, or pass --repo <dir>`);
        return repo;
    }
    async topLevel() {
        return (await this.git.revparse(['--show-toplevel'])).trim();
    }
    async head() {
        try {
            return (await this.git.revparse(['HEAD'])).trim();
        }
        catch {
            return undefined;
        }
    }
    async branch() {
        const name = (await this.git.raw(['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '')).trim();
        return name || undefined;
    }
    /** Stages everything under `pathspec` and counts what changed against HEAD, leaving out `ignore`d files. */
    async stageAndDiff(pathspec, ignore) {
        await this.git.raw(['add', '--all', '--', pathspec]);
        const out = await this.git.raw([
            'diff',
            '--cached',
            '--name-status',
            '--no-renames',
            '-z',
            '--',
            pathspec,
        ]);
        const parts = out.split('\0').filter((p) => p !== '');
        const changes = { added: 0, modified: 0, deleted: 0, files: [] };
        for (let i = 0; i + 1 < parts.length; i += 2) {
            const [status, file] = [parts[i], parts[i + 1]];
            if (ignore(file))
                continue;
            changes.files.push(file);
            if (status.startsWith('A'))
                changes.added++;
            else if (status.startsWith('D'))
                changes.deleted++;
            else
                changes.modified++;
        }
        return changes;
    }
    /** Puts `pathspec` back as HEAD has it (index and working tree); removes it if HEAD has none. */
    async restore(pathspec) {
        await this.git.raw(['reset', '--quiet', '--', pathspec]).catch(() => undefined);
        const tracked = (await this.git.raw(['ls-files', '--', pathspec])).trim();
        if (tracked)
            await this.git.raw(['checkout', '--', pathspec]);
    }
    /** Commits only what is staged under `pathspec`; other staged work of the user is left alone. */
    async commit(message, pathspec) {
        const identity = await this.identityArgs();
        await this.git.raw([...identity, 'commit', '--quiet', '--no-verify', '-m', message, '--', pathspec]);
        return (await this.git.revparse(['HEAD'])).trim();
    }
    /**
     * Pushes the current branch. When the remote moved on (another export, a person), fetches, rebases the
     * snapshot commit on top and tries again, so no commit is lost and history stays linear.
     */
    async push(remote = 'origin', attempts = 5) {
        const branch = await this.branch();
        if (!branch)
            throw new Error('cannot push from a detached HEAD: check out a branch (actions/checkout with ref: <branch>)');
        const identity = await this.identityArgs();
        for (let attempt = 1;; attempt++) {
            try {
                await this.git.raw(['push', '--quiet', remote, `HEAD:refs/heads/${branch}`]);
                return;
            }
            catch (error) {
                const text = String(error.message);
                const rejected = /rejected|non-fast-forward|fetch first|failed to push some refs|stale info/i.test(text);
                if (!rejected || attempt >= attempts)
                    throw new Error(`git push to ${remote}/${branch} failed: ${firstLine(text)}`);
                this.log.info(`push rejected (the remote moved on): rebasing onto ${remote}/${branch}, attempt ${attempt + 1}`);
                await this.git.raw(['fetch', '--quiet', remote, branch]);
                try {
                    await this.git.raw([...identity, 'rebase', '--quiet', 'FETCH_HEAD']);
                }
                catch (rebaseError) {
                    await this.git.raw(['rebase', '--abort']).catch(() => undefined);
                    throw new Error(`cannot rebase the snapshot onto ${remote}/${branch}: ${firstLine(String(rebaseError.message))}`);
                }
            }
        }
    }
    /** Reads a file at a revision (for point-in-time restore); undefined if the revision has no such file. */
    async show(rev, file) {
        try {
            return await this.git.binaryCatFile(['-p', `${rev}:${file}`]);
        }
        catch {
            return undefined;
        }
    }
    async resolveRevision(rev) {
        try {
            return (await this.git.revparse(['--verify', '--quiet', `${rev}^{commit}`])).trim();
        }
        catch {
            throw new Error(`'${rev}' is not a commit in ${this.dir}: give a branch, tag or commit sha (fetch-depth: 0 for old ones)`);
        }
    }
    async identityArgs() {
        const name = (await this.git.raw(['config', 'user.name']).catch(() => '')).trim();
        const email = (await this.git.raw(['config', 'user.email']).catch(() => '')).trim();
        const args = [];
        if (!name)
            args.push('-c', `user.name=${BOT_NAME}`);
        if (!email)
            args.push('-c', `user.email=${BOT_EMAIL}`);
        return args;
    }
}
function firstLine(text) {
    return (text
        .split('\n')
        .find((l) => l.trim())
        ?.trim() ?? text);
}

;// CONCATENATED MODULE: ./src/resources/kind.ts
/**
 * Ids of objects already read, by kind, so that a kind read later can turn the ids it meets into
 * symbolic references (`${resources.<kind>.<key>.id}`) and back.
 */
class RefIndex {
    onAdd;
    byId = new Map();
    byKey = new Map();
    /** `onAdd` hears of every id registered (export reads permissions ahead with it). */
    constructor(onAdd) {
        this.onAdd = onAdd;
    }
    add(kind, id, key) {
        this.byId.set(`${kind}\0${String(id)}`, key);
        this.byKey.set(`${kind}\0${key}`, id);
        this.onAdd?.(kind, id, key);
    }
    keyOf(kind, id) {
        return this.byId.get(`${kind}\0${String(id)}`);
    }
    idOf(kind, key) {
        return this.byKey.get(`${kind}\0${key}`);
    }
    /** Every (key, id) registered for a kind, sorted by key: for kinds that act on other kinds' objects. */
    entries(kind) {
        const prefix = `${kind}\0`;
        const out = [];
        for (const [k, id] of this.byKey)
            if (k.startsWith(prefix))
                out.push([k.slice(prefix.length), id]);
        return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    }
}
/**
 * A change that only a person can make (a user the identity provider does not know): thrown by a kind's
 * apply after it put the step on the manual checklist. The apply counts the object as skipped, not failed,
 * so a known manual step does not fail every later run; objects that need it are skipped too.
 */
class ManualStepError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'ManualStepError';
    }
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/plan/references.ts

const REF = /^\$\{resources\.([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.id\}$/;
const LOOKS_LIKE_REF = /\$\{resources\./;
function refString(kind, key) {
    return `\${resources.${kind}.${key}.id}`;
}
function parseRef(value) {
    if (typeof value !== 'string')
        return undefined;
    const m = REF.exec(value);
    return m ? { kind: m[1], key: m[2] } : undefined;
}
function refId(ref) {
    return `${ref.kind}.${ref.key}`;
}
/** Every reference in a value, in document order, without repeats; malformed ones are reported separately. */
function collectRefs(value) {
    const refs = [];
    const malformed = [];
    const seen = new Set();
    const walk = (v) => {
        if (typeof v === 'string') {
            const ref = parseRef(v);
            if (ref) {
                if (!seen.has(refId(ref))) {
                    seen.add(refId(ref));
                    refs.push(ref);
                }
            }
            else if (LOOKS_LIKE_REF.test(v))
                malformed.push(v);
        }
        else if (Array.isArray(v))
            v.forEach(walk);
        else if (v !== null && typeof v === 'object')
            Object.values(v).forEach(walk);
    };
    walk(value);
    return { refs, malformed };
}
/**
 * Replaces every reference with the id `lookup` gives (a string, or a number for numeric ids such as
 * job ids). References `lookup` cannot resolve are returned, and left in place.
 */
function resolveRefs(value, lookup) {
    const unresolved = [];
    const walk = (v) => {
        if (typeof v === 'string') {
            const ref = parseRef(v);
            if (!ref)
                return v;
            const id = lookup(ref);
            if (id === undefined) {
                unresolved.push(ref);
                return v;
            }
            return id;
        }
        if (Array.isArray(v))
            return v.map(walk);
        if (v !== null && typeof v === 'object') {
            const out = {};
            for (const [k, x] of Object.entries(v))
                out[k] = walk(x);
            return out;
        }
        return v;
    };
    return { value: walk(value), unresolved };
}
/**
 * Keys come from names: lower case, runs of anything but letters and digits become `_`. Stable across runs;
 * `uniqueKeys` makes them unique when names repeat or collide after folding.
 */
function keyFromName(name) {
    const key = name
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .slice(0, 100);
    if (key)
        return key;
    // A name with no Latin letter or digit (データ): a stable key from its bytes, not a shared 'unnamed'.
    return name.trim() ? `n_${(0,external_node_crypto_namespaceObject.createHash)('sha256').update(name).digest('hex').slice(0, 10)}` : 'unnamed';
}
/**
 * Assigns keys to objects in a deterministic order (`order` must be stable across runs, e.g. name then
 * creation time then id): the first keeps the plain key, later ones get `_2`, `_3`, ...
 */
function uniqueKeys(items, name, order, reserved = []) {
    const sorted = [...items].sort(order);
    // Keys already taken (by key tags) are never handed out again.
    const used = new Set(reserved);
    const out = new Map();
    for (const item of sorted) {
        const base = keyFromName(name(item));
        let key = base;
        for (let n = 2; used.has(key); n++)
            key = `${base}_${n}`;
        used.add(key);
        out.set(item, key);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/snapshot/source.ts






/** A snapshot that cannot be trusted: nothing is applied from it. Names the file (and line). */
class SnapshotError extends Error {
    file;
    line;
    constructor(file, message, line) {
        super(`${file}${line ? `:${line}` : ''}: ${message}`);
        this.file = file;
        this.line = line;
        this.name = 'SnapshotError';
    }
}
/** The 1-based line of the first match of `needle` in `text`. */
function lineOf(text, needle) {
    const index = typeof needle === 'string' ? text.indexOf(needle) : text.search(needle);
    return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}
/** A string value as it is written in a JSON file (between its quotes). */
function jsonString(value) {
    return JSON.stringify(value).slice(1, -1);
}
/**
 * The field a validation message is about, as a key in JSON text: the first name it quotes
 * (`'members.users' must be...` -> `"users":`), or the first name after `field(s)`.
 */
function fieldKey(message) {
    const m = /'([A-Za-z0-9_.[\]-]+)'/.exec(message) ?? /fields?(?:\(s\))? ([A-Za-z0-9_-]+)/.exec(message);
    const name = m?.[1]
        .split('.')
        .pop()
        ?.replace(/\[\d+\]$/, '');
    if (!name)
        return undefined;
    return new RegExp(`"${name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}"\\s*:`);
}
/**
 * Checks one object of a snapshot file: the kind's own validation, then the references it holds. An error
 * names the line of the field or reference at fault.
 */
async function checkSnapshotObject(snapshot, rel, value, validate) {
    const invalid = validate?.(value);
    if (invalid)
        throw await snapshot.errorAt(rel, invalid, fieldKey(invalid));
    const { malformed } = collectRefs(value);
    if (malformed.length)
        throw await snapshot.errorAt(rel, `malformed reference '${malformed[0]}'`, jsonString(malformed[0]));
}
/** Largest file read from a snapshot; the Workspace API takes at most 10 MB per object anyway. */
const MAX_SNAPSHOT_FILE_BYTES = 10 * 1024 * 1024;
/**
 * A read-only view of one snapshot folder: the working tree, or a git revision materialized into a
 * temporary folder. Every file is listed up front; symlinks, special files and oversized files are refused.
 */
class SnapshotSource {
    root;
    files;
    origin;
    cleanup;
    constructor(root, 
    /** Snapshot-relative paths with `/`, sorted. */
    files, 
    /** Where the files came from, for messages: a folder, or `<rev>:<path>`. */
    origin, cleanup) {
        this.root = root;
        this.files = files;
        this.origin = origin;
        this.cleanup = cleanup;
    }
    static async fromDirectory(root, origin = root) {
        const files = [];
        const walk = async (dir, rel) => {
            let entries;
            try {
                entries = await external_node_fs_namespaceObject.promises.readdir(dir, { withFileTypes: true });
            }
            catch (error) {
                if (error.code === 'ENOENT' && rel === '')
                    throw new SnapshotError(origin, 'no snapshot here: run an export first, or check the path input');
                throw error;
            }
            for (const entry of entries) {
                const childRel = rel ? `${rel}/${entry.name}` : entry.name;
                if (entry.isSymbolicLink())
                    throw new SnapshotError(childRel, 'symbolic links are not allowed in a snapshot');
                if (entry.isDirectory())
                    await walk(external_node_path_namespaceObject.join(dir, entry.name), childRel);
                else if (entry.isFile())
                    files.push(childRel);
                else
                    throw new SnapshotError(childRel, 'not a regular file');
            }
        };
        await walk(root, '');
        files.sort();
        return new SnapshotSource(root, files, origin);
    }
    /**
     * The snapshot folder of a checked-out repository. The folder, or a folder above it, may be a symbolic
     * link only if it stays inside the repository: a snapshot is what the repository's history records.
     */
    static async fromWorkingTree(repoDir, snapshotPath) {
        const root = external_node_path_namespaceObject.join(repoDir, snapshotPath);
        let real;
        try {
            real = await external_node_fs_namespaceObject.promises.realpath(root);
        }
        catch (error) {
            if (error.code === 'ENOENT')
                throw new SnapshotError(root, 'no snapshot here: run an export first, or check the path input');
            throw error;
        }
        const repo = await external_node_fs_namespaceObject.promises.realpath(repoDir);
        if (real !== repo && !real.startsWith(repo + external_node_path_namespaceObject.sep))
            throw new SnapshotError(snapshotPath, `leads out of the repository (to ${real}) through a symbolic link; the snapshot must be inside ${repo}`);
        return SnapshotSource.fromDirectory(real, root);
    }
    /**
     * The snapshot folder as commit `rev` has it (point-in-time restore). The blobs are copied byte for byte
     * into a temporary folder: `git archive` would apply .gitattributes (export-ignore drops files, which prune
     * would then delete in the target; export-subst and eol filters change content). The tree is checked for
     * symlinks, submodules, odd paths and oversized files before anything is written.
     */
    static async fromRevision(repoDir, rev, snapshotPath) {
        const listing = await run('git', ['--literal-pathspecs', 'ls-tree', '-r', '-z', '-l', '--full-tree', rev, '--', snapshotPath], repoDir);
        const blobs = listing
            .toString('utf8')
            .split('\0')
            .filter(Boolean)
            .map((entry) => parseTreeEntry(entry));
        if (blobs.length === 0)
            throw new SnapshotError(`${rev}:${snapshotPath}`, 'the revision has no snapshot at this path');
        const tmp = await external_node_fs_namespaceObject.promises.mkdtemp(external_node_path_namespaceObject.join(external_node_os_namespaceObject.tmpdir(), 'databricks-dr-snapshot-'));
        try {
            await writeBlobs(repoDir, blobs, tmp);
            const source = await SnapshotSource.fromDirectory(external_node_path_namespaceObject.join(tmp, snapshotPath), `${rev}:${snapshotPath}`);
            return new SnapshotSource(source.root, source.files, source.origin, () => external_node_fs_namespaceObject.promises.rm(tmp, { recursive: true, force: true }));
        }
        catch (error) {
            await external_node_fs_namespaceObject.promises.rm(tmp, { recursive: true, force: true });
            throw error;
        }
    }
    async close() {
        await this.cleanup?.();
    }
    /** Files under a folder of the snapshot, relative to that folder. */
    filesUnder(folder) {
        const prefix = folder + '/';
        return this.files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
    }
    has(rel) {
        return this.files.includes(rel);
    }
    async read(rel) {
        const full = external_node_path_namespaceObject.resolve(this.root, rel);
        if (!full.startsWith(this.root + external_node_path_namespaceObject.sep))
            throw new SnapshotError(rel, 'path leaves the snapshot');
        const stat = await external_node_fs_namespaceObject.promises.lstat(full);
        if (!stat.isFile())
            throw new SnapshotError(rel, 'not a regular file');
        if (stat.size > MAX_SNAPSHOT_FILE_BYTES)
            throw tooLarge(rel, stat.size);
        return external_node_fs_namespaceObject.promises.readFile(full);
    }
    /** The line of the first match of `needle` in a file; undefined when absent or unreadable. */
    async lineIn(rel, needle) {
        try {
            return lineOf((await this.read(rel)).toString('utf8'), needle);
        }
        catch {
            return undefined;
        }
    }
    /**
     * An error about a file, at the line of `needle` in it (a reference, a field name): the line a person
     * has to fix. Without a match, the error names the file only.
     */
    async errorAt(rel, message, needle) {
        return new SnapshotError(rel, message, needle === undefined ? undefined : await this.lineIn(rel, needle));
    }
    /** Parses a JSON file; a syntax error names the line. */
    async readJson(rel) {
        const text = (await this.read(rel)).toString('utf8');
        try {
            return parseJson(text);
        }
        catch (error) {
            const message = error.message;
            const pos = /position (\d+)/.exec(message);
            const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
            throw new SnapshotError(rel, `invalid JSON: ${message}`, line);
        }
    }
}
function run(command, args, cwd, input) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_namespaceObject.spawn)(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
        const out = [];
        const err = [];
        child.stdout.on('data', (d) => out.push(d));
        child.stderr.on('data', (d) => err.push(d));
        child.on('error', reject);
        child.on('close', (code) => {
            if (code === 0)
                resolve(Buffer.concat(out));
            else
                reject(new Error(`${command} ${args[0]} failed: ${Buffer.concat(err).toString('utf8').trim().split('\n')[0]}`));
        });
        child.stdin.end(input);
    });
}
function tooLarge(rel, size) {
    return new SnapshotError(rel, `${size} bytes: larger than the 10 MB the Workspace API accepts`);
}
/** One `ls-tree -r -l -z` entry (`<mode> <type> <oid> <size>\t<path>`); anything but a plain file is refused. */
function parseTreeEntry(entry) {
    const tab = entry.indexOf('\t');
    const [mode, type, oid, size] = entry.slice(0, tab).split(/ +/);
    const file = entry.slice(tab + 1);
    if (mode === '120000')
        throw new SnapshotError(file, 'symbolic links are not allowed in a snapshot');
    if (mode === '160000' || type === 'commit')
        throw new SnapshotError(file, 'submodules are not allowed in a snapshot');
    if (type !== 'blob' || !/^\d+$/.test(size))
        throw new SnapshotError(file, 'not a regular file');
    // git refuses such names in its index, but a crafted tree can hold them.
    if (file.split('/').some((part) => part === '' || part === '.' || part === '..' || part === '.git'))
        throw new SnapshotError(file, 'path leaves the snapshot');
    if (Number(size) > MAX_SNAPSHOT_FILE_BYTES)
        throw tooLarge(file, Number(size));
    return { oid, file, size: Number(size) };
}
/**
 * Writes the blobs under `into` through one `git cat-file --batch`: raw bytes, no filters. Streamed: at most
 * one blob (10 MB at the most, checked beforehand) and one chunk of the next are held in memory.
 */
async function writeBlobs(repoDir, blobs, into) {
    const child = (0,external_node_child_process_namespaceObject.spawn)('git', ['cat-file', '--batch'], { cwd: repoDir, stdio: ['pipe', 'pipe', 'pipe'] });
    const errors = [];
    child.stderr.on('data', (d) => errors.push(d));
    const exited = new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
    });
    child.stdin.on('error', () => undefined); // an early exit is reported through the exit code
    child.stdin.end(blobs.map((b) => `${b.oid}\n`).join(''));
    const dirs = new Set();
    let next = 0;
    let current;
    let pending = Buffer.alloc(0);
    try {
        for await (const chunk of child.stdout) {
            pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
            while (pending.length) {
                if (!current) {
                    const eol = pending.indexOf(10);
                    if (eol < 0)
                        break;
                    const header = pending.subarray(0, eol).toString('utf8').split(' ');
                    pending = pending.subarray(eol + 1);
                    const blob = blobs[next++];
                    if (!blob || header[0] !== blob.oid || header[1] !== 'blob' || Number(header[2]) !== blob.size)
                        throw new Error(`unexpected answer from git cat-file: ${header.join(' ')}`);
                    current = { blob, chunks: [], left: blob.size + 1 }; // the content, then a newline
                }
                const take = pending.subarray(0, current.left);
                current.chunks.push(take);
                current.left -= take.length;
                pending = pending.subarray(take.length);
                if (current.left > 0)
                    break;
                const { blob, chunks } = current;
                current = undefined;
                const full = external_node_path_namespaceObject.join(into, ...blob.file.split('/'));
                const dir = external_node_path_namespaceObject.dirname(full);
                if (!dirs.has(dir)) {
                    await external_node_fs_namespaceObject.promises.mkdir(dir, { recursive: true });
                    dirs.add(dir);
                }
                await external_node_fs_namespaceObject.promises.writeFile(full, Buffer.concat(chunks).subarray(0, blob.size), { flag: 'wx' });
            }
        }
    }
    catch (error) {
        child.kill();
        await exited.catch(() => undefined);
        throw error;
    }
    const code = await exited;
    if (code !== 0 || next !== blobs.length || current)
        throw new Error(`cannot read the snapshot from git: ${Buffer.concat(errors).toString('utf8').trim().split('\n')[0] || 'git cat-file stopped early'}`);
}

;// CONCATENATED MODULE: ./src/plan/diff.ts
function same(a, b) {
    // An int64 id parsed as bigint on one side and as number on the other is the same value.
    const numeric = (v) => typeof v === 'number' || typeof v === 'bigint';
    if (numeric(a) && numeric(b))
        return String(a) === String(b);
    return a === b;
}
function diff_isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function join(path, key) {
    if (typeof key === 'number')
        return `${path}[${key}]`;
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
        ? path
            ? `${path}.${key}`
            : key
        : `${path}[${JSON.stringify(key)}]`;
}
/** Field-level differences, objects by key and arrays by position; keys in sorted order. */
function diffJson(before, after, path = '') {
    if (diff_isObject(before) && diff_isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => diffJson(before[k], after[k], join(path, k)));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        const n = Math.max(before.length, after.length);
        const out = [];
        for (let i = 0; i < n; i++)
            out.push(...diffJson(before[i], after[i], join(path, i)));
        return out;
    }
    if (same(before, after))
        return [];
    const change = { path: path || '(object)' };
    if (before !== undefined)
        change.before = before;
    if (after !== undefined)
        change.after = after;
    return [change];
}

;// CONCATENATED MODULE: ./src/plan/planner.ts


class PlanError extends Error {
    constructor(message) {
        super(message);
        this.name = 'PlanError';
    }
}
function indexByKey(objects, side) {
    const map = new Map();
    for (const o of objects) {
        const other = map.get(o.key);
        if (other)
            throw new PlanError(`two ${o.kind} objects in the ${side} have the key '${o.key}': ${other.label} and ${o.label}; rename one of them`);
        map.set(o.key, o);
    }
    return map;
}
/** Plans one kind. Objects are matched by natural key; a duplicate key stops the plan, never a guess. */
function planKind(desired, actual, options) {
    const want = indexByKey(desired, 'snapshot');
    const have = indexByKey(actual, 'target workspace');
    const out = [];
    for (const [key, d] of want) {
        const a = have.get(key);
        if (!a) {
            out.push({
                kind: d.kind,
                key,
                action: 'create',
                changes: diffJson(undefined, d.spec),
                dependsOn: d.refs,
            });
            continue;
        }
        const changes = diffJson(a.spec, d.spec);
        if (changes.length === 0) {
            out.push({ kind: d.kind, key, action: 'no-op', changes, dependsOn: d.refs });
            continue;
        }
        const fixed = options.replaceFields?.(changes) ?? [];
        if (fixed.length > 0) {
            out.push({
                kind: d.kind,
                key,
                action: 'replace',
                changes,
                dependsOn: d.refs,
                note: `${fixed.join(', ')} cannot change in place`,
                blocked: options.allowReplace
                    ? undefined
                    : `replacing needs consent: set allow-replace (${fixed.join(', ')} changed)`,
            });
        }
        else
            out.push({ kind: d.kind, key, action: 'update', changes, dependsOn: d.refs });
    }
    for (const [key, a] of have) {
        if (want.has(key))
            continue;
        const protectedWhy = options.deletable(a);
        if (protectedWhy)
            continue;
        out.push({
            kind: a.kind,
            key,
            action: 'delete',
            changes: diffJson(a.spec, undefined),
            dependsOn: a.refs,
            blocked: options.prune ? undefined : 'not in the snapshot; deleting needs prune',
        });
    }
    return out.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}
/**
 * Orders changes so that everything an object references is created or updated before it, and deletes run
 * afterwards in reverse (dependents first). Returns waves: the changes in one wave do not depend on each
 * other and may run concurrently. A cycle is an error naming an edge of it.
 */
function orderChanges(changes, kindOrder) {
    const rank = (c) => kindOrder.indexOf(c.kind);
    const byId = new Map(changes.map((c) => [refId(c), c]));
    const sortWave = (w) => w.sort((a, b) => rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const layered = (items, reverse) => {
        const set = new Set(items.map(refId));
        const deps = new Map();
        for (const c of items) {
            const edges = c.dependsOn.map(refId).filter((id) => set.has(id) && id !== refId(c));
            if (!reverse)
                deps.set(refId(c), edges);
            else
                for (const e of edges)
                    deps.set(e, [...(deps.get(e) ?? []), refId(c)]);
        }
        const level = new Map();
        const visiting = new Set();
        const visit = (id, from) => {
            const known = level.get(id);
            if (known !== undefined)
                return known;
            if (visiting.has(id))
                throw new PlanError(`reference cycle: ${from} -> ${id} (and back); break the cycle in the snapshot`);
            visiting.add(id);
            let l = 0;
            for (const d of deps.get(id) ?? [])
                l = Math.max(l, visit(d, id) + 1);
            visiting.delete(id);
            level.set(id, l);
            return l;
        };
        const waves = [];
        for (const c of items) {
            const l = visit(refId(c));
            (waves[l] ??= []).push(byId.get(refId(c)) ?? c);
        }
        return waves.filter(Boolean).map(sortWave);
    };
    const forward = changes.filter((c) => c.action !== 'delete');
    const deletes = changes.filter((c) => c.action === 'delete');
    return [...layered(forward, false), ...layered(deletes, true)];
}
function countChanges(changes) {
    const counts = {
        create: 0,
        update: 0,
        replace: 0,
        delete: 0,
        'no-op': 0,
        blocked: 0,
        unmanaged: 0,
    };
    for (const c of changes) {
        if (!c.blocked)
            counts[c.action]++;
        else {
            counts.blocked++;
            if (c.action === 'delete')
                counts.unmanaged++;
        }
    }
    return counts;
}
/**
 * The summary line, whose shape never changes: `Plan: N to create, N to update, N to delete`. A replace
 * counts as one create and one delete, as Terraform counts it. Changes that will not be made are said in a
 * suffix, so a plan that leaves differences behind never reads as a clean one:
 * `Plan: 0 to create, 0 to update, 0 to delete (2 not deleted: prune is off)`.
 */
function planLine(counts) {
    const line = `Plan: ${counts.create + counts.replace} to create, ${counts.update} to update, ${counts.delete + counts.replace} to delete`;
    const notes = [];
    if (counts.unmanaged)
        notes.push(`${counts.unmanaged} not deleted: prune is off`);
    const unreplaced = counts.blocked - counts.unmanaged;
    if (unreplaced)
        notes.push(`${unreplaced} not replaced: allow-replace is off`);
    return notes.length ? `${line} (${notes.join('; ')})` : line;
}

;// CONCATENATED MODULE: ./src/resources/identities.ts






const USERS = 'users';
const SERVICE_PRINCIPALS = 'service_principals';
const GROUPS = 'groups';
const BUILTIN_GROUPS = new Set(['admins', 'users']);
/** The group whose membership the workspace manages itself. */
const EVERYONE = 'users';
const SCIM = '/api/2.0/preview/scim/v2';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PAGE = 100;
const KEY = /^[A-Za-z0-9_-]{1,128}$/;
/** Every resource of a SCIM list, paged by startIndex/count and de-duplicated by id (pages may overlap). */
async function scimList(client, resource) {
    const out = new Map();
    for (let startIndex = 1;;) {
        const page = await client.get(`${SCIM}/${resource}`, { startIndex, count: PAGE });
        const items = Array.isArray(page.Resources) ? page.Resources.filter(isJsonObject) : [];
        if (items.length === 0)
            break;
        for (const item of items)
            out.set(String(item.id), item);
        startIndex += items.length;
        if (typeof page.totalResults === 'number' && startIndex > page.totalResults)
            break;
    }
    return [...out.values()];
}
const directories = new WeakMap();
function readDirectory(client, refs) {
    let found = directories.get(refs);
    if (!found) {
        found = (async () => {
            // One after the other: a run that cannot authenticate fails on its first request, not three at once.
            const users = await scimList(client, 'Users');
            const servicePrincipals = await scimList(client, 'ServicePrincipals');
            const groups = await scimList(client, 'Groups');
            const d = {
                users,
                servicePrincipals,
                groups,
                names: new Map(),
                userIds: new Map(),
                groupIds: new Map(),
                spIds: new Map(),
            };
            for (const u of users) {
                d.names.set(String(u.id), { type: USERS, name: String(u.userName) });
                d.userIds.set(String(u.userName).toLowerCase(), String(u.id));
            }
            for (const s of servicePrincipals) {
                d.names.set(String(s.id), { type: SERVICE_PRINCIPALS, name: String(s.applicationId) });
                d.spIds.set(String(s.applicationId), String(s.id));
            }
            for (const g of groups) {
                d.names.set(String(g.id), { type: GROUPS, name: String(g.displayName) });
                d.groupIds.set(String(g.displayName), String(g.id));
            }
            return d;
        })();
        directories.set(refs, found);
        // A failed read must not be cached: the next caller tries again and sees the real error.
        found.catch(() => directories.delete(refs));
    }
    return found;
}
function entitlements(raw) {
    const list = Array.isArray(raw.entitlements) ? raw.entitlements : [];
    return list
        .map((e) => (isJsonObject(e) ? e.value : e))
        .filter((v) => typeof v === 'string')
        .sort();
}
function stringList(value) {
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
/** SCIM `meta.resourceType` `Group` (not `WorkspaceGroup`): an account group assigned to the workspace. */
function isAccountGroup(raw) {
    return isJsonObject(raw.meta) && raw.meta.resourceType === 'Group';
}
function checkCommon(spec, nameField) {
    if (typeof spec[nameField] !== 'string' || !spec[nameField])
        return `'${nameField}' must be a non-empty string`;
    if (spec.entitlements !== undefined && !stringList(spec.entitlements))
        return "'entitlements' must be a list of strings";
    if (spec.active !== undefined && typeof spec.active !== 'boolean')
        return "'active' must be true or false";
    return undefined;
}
const USER_SPEC = {
    kind: USERS,
    resource: 'Users',
    nameOf: (raw) => String(raw.userName),
    keySource: (raw) => String(raw.userName),
    list: (d) => d.users,
    normalize(raw) {
        const out = { userName: String(raw.userName) };
        if (typeof raw.displayName === 'string' && raw.displayName !== raw.userName)
            out.displayName = raw.displayName;
        out.active = raw.active !== false;
        const e = entitlements(raw);
        if (e.length)
            out.entitlements = e;
        return out;
    },
    validate: (spec) => checkCommon(spec, 'userName'),
};
const SP_SPEC = {
    kind: SERVICE_PRINCIPALS,
    resource: 'ServicePrincipals',
    nameOf: (raw) => String(raw.applicationId),
    keySource: (raw) => String(raw.displayName ?? raw.applicationId),
    list: (d) => d.servicePrincipals,
    normalize(raw) {
        const out = { applicationId: String(raw.applicationId) };
        if (typeof raw.displayName === 'string')
            out.displayName = raw.displayName;
        out.active = raw.active !== false;
        const e = entitlements(raw);
        if (e.length)
            out.entitlements = e;
        return out;
    },
    validate: (spec) => checkCommon(spec, 'applicationId'),
};
const GROUP_SPEC = {
    kind: GROUPS,
    resource: 'Groups',
    nameOf: (raw) => String(raw.displayName),
    keySource: (raw) => String(raw.displayName),
    list: (d) => d.groups,
    normalize(raw, d) {
        const name = String(raw.displayName);
        const out = { displayName: name };
        // An account group's members are the account's: not part of a workspace's record.
        if (isAccountGroup(raw))
            out.accountGroup = true;
        else if (name !== EVERYONE) {
            const byType = { users: [], groups: [], service_principals: [] };
            for (const m of Array.isArray(raw.members) ? raw.members : []) {
                const id = isJsonObject(m) ? String(m.value) : undefined;
                const named = id === undefined ? undefined : d.names.get(id);
                if (named)
                    byType[named.type].push(named.name);
            }
            const members = {};
            for (const [type, names] of Object.entries(byType))
                if (names.length)
                    members[type] = names.sort();
            if (Object.keys(members).length)
                out.members = members;
        }
        const e = entitlements(raw);
        if (e.length)
            out.entitlements = e;
        return out;
    },
    validate(spec) {
        const common = checkCommon(spec, 'displayName');
        if (common)
            return common;
        if (spec.accountGroup !== undefined && spec.accountGroup !== true)
            return "'accountGroup' is true for an account group, and left out for a workspace group";
        if (spec.accountGroup && spec.members !== undefined)
            return "the members of an account group are managed in the account: remove 'members'";
        if (spec.members === undefined)
            return undefined;
        if (!isJsonObject(spec.members))
            return "'members' must be an object of users, groups and service_principals";
        for (const [type, names] of Object.entries(spec.members)) {
            if (!['users', 'groups', 'service_principals'].includes(type))
                return `'members.${type}' is not one of users, groups, service_principals`;
            if (!stringList(names))
                return `'members.${type}' must be a list of names`;
        }
        if (spec.displayName === EVERYONE)
            return "the members of the built-in 'users' group are managed by the workspace: remove 'members'";
        return undefined;
    },
};
/** Keys by name, in a stable order; the same function in export, readActual and the permissions kind. */
function keyed(spec, raws) {
    return uniqueKeys(raws, spec.keySource, (a, b) => spec.keySource(a).localeCompare(spec.keySource(b)) || spec.nameOf(a).localeCompare(spec.nameOf(b)));
}
const snapshotPrincipals = new WeakMap();
function readSnapshotPrincipals(snapshot) {
    let found = snapshotPrincipals.get(snapshot);
    if (!found) {
        found = (async () => {
            const out = { users: new Map(), groups: new Map(), service_principals: new Map() };
            const fields = {
                users: 'userName',
                groups: 'displayName',
                service_principals: 'applicationId',
            };
            for (const type of [USERS, GROUPS, SERVICE_PRINCIPALS]) {
                const folder = type.replace(/_/g, '-');
                for (const rel of snapshot.filesUnder(folder)) {
                    if (!rel.endsWith('.json') || rel.includes('/'))
                        continue;
                    const value = await snapshot.readJson(`${folder}/${rel}`);
                    const name = isJsonObject(value) ? value[fields[type]] : undefined;
                    if (typeof name === 'string')
                        out[type].set(type === USERS ? name.toLowerCase() : name, rel.slice(0, -'.json'.length));
                }
            }
            return out;
        })();
        snapshotPrincipals.set(snapshot, found);
    }
    return found;
}
/** The key a principal name has in the snapshot, if it is there. */
function principalKey(p, type, name) {
    return p[type].get(type === USERS ? name.toLowerCase() : name);
}
/** Objects the target must keep even with prune: the caller itself and built-in groups. */
const undeletable = new WeakMap();
function makeKind(spec) {
    const nameField = spec.kind === USERS ? 'userName' : spec.kind === GROUPS ? 'displayName' : 'applicationId';
    // Folders are kebab-case like every other kind's; the kind name stays the reference name.
    const folder = spec.kind.replace(/_/g, '-');
    const readDesired = async (snapshot) => {
        const principals = spec.kind === GROUPS ? await readSnapshotPrincipals(snapshot) : undefined;
        const out = [];
        for (const rel of snapshot.filesUnder(folder)) {
            const source = `${folder}/${rel}`;
            if (!rel.endsWith('.json') || rel.includes('/'))
                throw new SnapshotError(source, `only <key>.json files belong in ${folder}/`);
            const key = rel.slice(0, -'.json'.length);
            if (!KEY.test(key))
                throw new SnapshotError(source, `'${key}' is not a valid key (letters, digits, _ and -)`);
            const value = await snapshot.readJson(source);
            if (!isJsonObject(value))
                throw new SnapshotError(source, 'must hold a JSON object');
            const invalid = spec.validate(value);
            if (invalid)
                throw new SnapshotError(source, invalid);
            const refs = [];
            if (principals && isJsonObject(value.members)) {
                for (const [type, names] of Object.entries(value.members)) {
                    for (const name of names) {
                        const k = principalKey(principals, type, name);
                        // Ordering only: members are created first, but one that fails does not hold the group back.
                        if (k !== undefined && !(type === GROUPS && k === key))
                            refs.push({ kind: type, key: k, soft: true });
                    }
                }
            }
            out.push({ kind: spec.kind, key, spec: value, refs, source });
        }
        return out;
    };
    const withKeys = (raws) => {
        const keys = keyed(spec, raws);
        return raws.map((raw) => ({ raw, key: keys.get(raw) }));
    };
    return {
        name: spec.kind,
        folder,
        async export(ctx) {
            const d = await readDirectory(ctx.client, ctx.refs);
            for (const { raw, key } of withKeys(spec.list(d)).sort((a, b) => (a.key < b.key ? -1 : 1))) {
                ctx.refs.add(spec.kind, String(raw.id), key);
                const file = `${folder}/${key}.json`;
                ctx.out.claim(file);
                await ctx.out.writeJson(file, spec.normalize(raw, d));
                ctx.report.count(spec.kind, 'exported');
                ctx.progress?.(spec.kind, key);
            }
        },
        readDesired,
        async readActual(ctx) {
            const d = await readDirectory(ctx.client, ctx.refs);
            const me = spec.kind === USERS ? await ctx.client.get(`${SCIM}/Me`) : undefined;
            const list = withKeys(spec.list(d));
            const seen = new Map();
            for (const { raw, key } of list) {
                // Two target principals with one key cannot be told apart: stop, never guess.
                const other = seen.get(keyFromName(spec.keySource(raw)));
                if (other !== undefined && spec.kind !== USERS)
                    throw new PlanError(`two ${spec.kind} in the target workspace have the key '${keyFromName(spec.keySource(raw))}': '${other}' and '${spec.nameOf(raw)}'; rename one of them`);
                seen.set(keyFromName(spec.keySource(raw)), spec.nameOf(raw));
                ctx.refs.add(spec.kind, String(raw.id), key);
            }
            return list.map(({ raw, key }) => {
                const normalized = spec.normalize(raw, d);
                const a = {
                    kind: spec.kind,
                    key,
                    id: String(raw.id),
                    spec: normalized,
                    refs: [],
                    label: `'${spec.nameOf(raw)}' (${String(raw.id)})`,
                };
                if (spec.kind === GROUPS && BUILTIN_GROUPS.has(spec.nameOf(raw)))
                    undeletable.set(a, 'built-in group');
                if (spec.kind === GROUPS && isAccountGroup(raw))
                    undeletable.set(a, 'account group: its assignment to the workspace is managed in the account');
                if (me && String(me.id) === String(raw.id))
                    undeletable.set(a, 'the identity this run uses');
                return a;
            });
        },
        protectedFromDelete: (a) => undeletable.get(a),
        async apply(ctx, req) {
            const base = `${SCIM}/${spec.resource}`;
            if (req.action === 'delete' || req.action === 'replace') {
                if (!req.actual)
                    throw new Error(`no target object for ${spec.kind}.${req.key}`);
                await ctx.client.request('DELETE', `${base}/${String(req.actual.id)}`);
                if (req.action === 'delete')
                    return undefined;
            }
            const want = req.desired?.spec;
            if (!isJsonObject(want))
                throw new Error(`no desired state for ${spec.kind}.${req.key}`);
            const name = String(want[nameField]);
            const have = req.action === 'update' && isJsonObject(req.actual?.spec) ? req.actual.spec : undefined;
            let id = have ? String(req.actual?.id) : undefined;
            if (spec.kind === GROUPS)
                checkGroupType(ctx, req.key, name, want, have);
            if (!id) {
                if (spec.kind === GROUPS && BUILTIN_GROUPS.has(name))
                    throw new Error(`the built-in group '${name}' is missing in the target: it cannot be created`);
                id = await create(ctx, spec, req.key, want);
            }
            else {
                const ops = attributeOps(have ?? {}, want);
                if (ops.length)
                    await ctx.client.request('PATCH', `${base}/${id}`, {
                        body: { schemas: [PATCH_SCHEMA], Operations: ops },
                    });
            }
            if (spec.kind === GROUPS)
                await setMembers(ctx, req.key, id, have, want);
            return id;
        },
    };
}
/**
 * An account group is never made a workspace-local group (nor the other way round): a missing account group
 * or one of the wrong type in the target is a manual step, and the group is skipped.
 */
function checkGroupType(ctx, key, name, want, have) {
    const wantAccount = want.accountGroup === true;
    if (have && (have.accountGroup === true) === wantAccount)
        return;
    if (!have && !wantAccount)
        return;
    const reason = !have
        ? `assign the account group '${name}' to the target workspace (account console: Workspaces, Permissions), then run apply again for its entitlements and grants`
        : wantAccount
            ? `the target has a workspace-local group '${name}' where the snapshot has the account group: migrate it to the account group (or delete it and assign the account group), then apply again`
            : `the target has the account group '${name}' where the snapshot has a workspace-local group: remove the account group's assignment or rename one of them, then apply again`;
    ctx.report.manual.push({ kind: GROUPS, key, reason });
    ctx.report.warn(GROUPS, key, `group '${name}' not applied: a manual step, see the checklist`);
    throw new ManualStepError(reason);
}
/** SCIM create; a principal the target cannot have becomes a failure with a manual checklist entry. */
async function create(ctx, spec, key, want) {
    const body = {
        schemas: [
            `urn:ietf:params:scim:schemas:core:2.0:${spec.kind === GROUPS ? 'Group' : spec.kind === USERS ? 'User' : 'ServicePrincipal'}`,
        ],
    };
    for (const field of ['userName', 'applicationId', 'displayName', 'active'])
        if (want[field] !== undefined)
            body[field] = want[field];
    const e = stringList(want.entitlements) ? want.entitlements : [];
    if (e.length)
        body.entitlements = e.map((value) => ({ value }));
    try {
        const created = await ctx.client.post(`${SCIM}/${spec.resource}`, body);
        return String(created.id);
    }
    catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500 || error.status === 429)
            throw error;
        const name = spec.kind === USERS ? want.userName : spec.kind === GROUPS ? want.displayName : want.applicationId;
        const what = spec.kind === USERS ? 'user' : spec.kind === GROUPS ? 'group' : 'service principal';
        ctx.report.manual.push({
            kind: spec.kind,
            key,
            reason: `add the ${what} '${String(name)}' to the target workspace (for Azure: add them to the Azure AD tenant ` +
                `first), then run apply again to restore their group memberships and permissions`,
        });
        const message = `the target workspace refused to create the ${what} '${String(name)}': ${error.message}`;
        // A user or service principal the identity provider does not know (400/404) is a known manual step: it
        // must not fail every later apply, cutover included, until someone adds them to the tenant.
        if (spec.kind !== GROUPS && (error.status === 400 || error.status === 404)) {
            ctx.report.warn(spec.kind, key, `${what} '${String(name)}' not created (the target refused it): a manual step, see the checklist`);
            throw new ManualStepError(message, { cause: error });
        }
        throw new Error(message, { cause: error });
    }
}
/** PATCH operations for displayName, active and entitlements (members are set separately). */
function attributeOps(have, want) {
    const ops = [];
    if (want.displayName !== undefined && want.displayName !== have.displayName)
        ops.push({ op: 'replace', path: 'displayName', value: want.displayName });
    if (want.active !== undefined && want.active !== have.active)
        ops.push({ op: 'replace', path: 'active', value: want.active });
    const h = new Set(stringList(have.entitlements) ? have.entitlements : []);
    const w = new Set(stringList(want.entitlements) ? want.entitlements : []);
    const add = [...w].filter((e) => !h.has(e));
    if (add.length)
        ops.push({ op: 'add', path: 'entitlements', value: add.map((value) => ({ value })) });
    for (const e of [...h].filter((x) => !w.has(x)))
        ops.push({ op: 'remove', path: `entitlements[value eq "${e}"]` });
    return ops;
}
/**
 * Adds the desired members the target has and removes the others. A member missing from the target (a
 * user that could not be created) is a warning here: its own failure already says what to do.
 */
async function setMembers(ctx, key, groupId, have, want) {
    if (want.displayName === EVERYONE)
        return;
    const names = (spec) => {
        const m = spec && isJsonObject(spec.members) ? spec.members : {};
        return Object.entries(m).flatMap(([type, list]) => (stringList(list) ? list : []).map((n) => [type, n]));
    };
    const id = (type, name) => `${type}\0${type === USERS ? name.toLowerCase() : name}`;
    const haveSet = new Set(names(have).map(([t, n]) => id(t, n)));
    const wantSet = new Set(names(want).map(([t, n]) => id(t, n)));
    const toAdd = names(want).filter(([t, n]) => !haveSet.has(id(t, n)));
    const toRemove = names(have).filter(([t, n]) => !wantSet.has(id(t, n)));
    if (!toAdd.length && !toRemove.length)
        return;
    const ops = [];
    const add = [];
    for (const [type, name] of toAdd) {
        const memberId = await lookup(ctx, type, name);
        if (memberId === undefined)
            ctx.report.warn(GROUPS, key, `member ${name} (${type}) does not exist in the target: not added`);
        else
            add.push({ value: memberId });
    }
    if (add.length)
        ops.push({ op: 'add', path: 'members', value: add });
    for (const [type, name] of toRemove) {
        const memberId = await lookup(ctx, type, name);
        if (memberId !== undefined)
            ops.push({ op: 'remove', path: `members[value eq "${memberId}"]` });
    }
    if (ops.length)
        await ctx.client.request('PATCH', `${SCIM}/Groups/${groupId}`, {
            body: { schemas: [PATCH_SCHEMA], Operations: ops },
        });
}
/**
 * The target's SCIM id of a principal: from what the plan read, else from this apply's creations (keys
 * from the snapshot), else asked by filter (created by someone else meanwhile).
 */
async function lookup(ctx, type, name) {
    const d = await readDirectory(ctx.client, ctx.refs);
    const known = type === USERS
        ? d.userIds.get(name.toLowerCase())
        : type === GROUPS
            ? d.groupIds.get(name)
            : d.spIds.get(name);
    if (known)
        return known;
    const principals = await readSnapshotPrincipals(ctx.snapshot);
    const key = principalKey(principals, type, name);
    const created = key === undefined ? undefined : ctx.refs.idOf(type, key);
    if (created !== undefined)
        return String(created);
    const resource = type === USERS ? 'Users' : type === GROUPS ? 'Groups' : 'ServicePrincipals';
    const attr = type === USERS ? 'userName' : type === GROUPS ? 'displayName' : 'applicationId';
    const page = await ctx.client.get(`${SCIM}/${resource}`, {
        filter: `${attr} eq "${name.replace(/"/g, '\\"')}"`,
    });
    const first = Array.isArray(page.Resources) ? page.Resources.find(isJsonObject) : undefined;
    return first ? String(first.id) : undefined;
}
const usersKind = makeKind(USER_SPEC);
const servicePrincipalsKind = makeKind(SP_SPEC);
const groupsKind = makeKind(GROUP_SPEC);

;// CONCATENATED MODULE: ./src/snapshot/layout.ts
/**
 * Where each workspace object lives in the snapshot, and back. Pure.
 *
 * The workspace tree is stored under `workspace/` as the workspace has it: a notebook gets the extension of
 * its language (the SOURCE format's own convention, as the Databricks CLI uses), a workspace file keeps its
 * name. Reading back, a `.py/.sql/.scala/.r` file whose first line is that language's notebook header is a
 * notebook; anything else is a file. A directory that has nothing else in the snapshot holds a marker file
 * so that git keeps it.
 */
const WORKSPACE_DIR = 'workspace';
const DIR_MARKER = '.databricks-dr-dir';
const EXTENSIONS = { PYTHON: '.py', SQL: '.sql', SCALA: '.scala', R: '.r' };
const HEADER_PREFIX = { PYTHON: '#', SQL: '--', SCALA: '//', R: '#' };
function extensionOf(language) {
    return EXTENSIONS[language];
}
function languageOfExtension(ext) {
    switch (ext) {
        case '.py':
            return 'PYTHON';
        case '.sql':
            return 'SQL';
        case '.scala':
            return 'SCALA';
        case '.r':
        case '.R':
            return 'R';
        default:
            return undefined;
    }
}
function isNotebookLanguage(value) {
    return value === 'PYTHON' || value === 'SQL' || value === 'SCALA' || value === 'R';
}
function notebookHeader(language) {
    return `${HEADER_PREFIX[language]} Databricks notebook source`;
}
/** Does this content start with the notebook header of the language (the legacy `exported at` form too)? */
function hasNotebookHeader(content, language) {
    const head = Buffer.from(content.subarray(0, 200)).toString('utf8');
    const firstLine = head.split('\n', 1)[0].replace(/\r$/, '');
    const header = notebookHeader(language);
    return firstLine === header || firstLine.startsWith(`${header} exported at `);
}
/**
 * Names that cannot stand as they are in a git working tree (`.git`) or that the snapshot uses itself are
 * written with their first character percent-encoded; `%` itself is always encoded so that decoding is exact.
 */
const RESERVED = new Set(['.git', DIR_MARKER]);
function encodeSegment(name) {
    let out = name.replace(/%/g, '%25');
    if (RESERVED.has(out.toLowerCase()))
        out = `%${out.charCodeAt(0).toString(16).toUpperCase()}${out.slice(1)}`;
    return out;
}
function decodeSegment(segment) {
    return segment.replace(/%([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}
/** Splits an absolute workspace path into names; rejects what no workspace path can be. */
function splitWorkspacePath(path) {
    if (!path.startsWith('/'))
        throw new Error(`not an absolute workspace path: '${path}'`);
    const parts = path.split('/').filter((p) => p !== '');
    for (const p of parts)
        if (p === '.' || p === '..')
            throw new Error(`workspace path with '${p}': '${path}'`);
    return parts;
}
/** The snapshot-relative file for a workspace object (for a directory: its marker file). */
function fileForObject(path, kind) {
    const parts = splitWorkspacePath(path).map(encodeSegment);
    if (kind.type === 'DIRECTORY')
        return [WORKSPACE_DIR, ...parts, DIR_MARKER].join('/');
    if (parts.length === 0)
        throw new Error('the workspace root is not a file');
    if (kind.type === 'NOTEBOOK')
        parts[parts.length - 1] += extensionOf(kind.language);
    return [WORKSPACE_DIR, ...parts].join('/');
}
/**
 * The workspace object a snapshot file stands for. `relPath` is relative to the `workspace/` folder and
 * uses `/`. `content` (or at least its first line) decides notebook against file.
 */
function objectForFile(relPath, content) {
    const segments = relPath.split('/');
    const last = segments[segments.length - 1];
    if (last === DIR_MARKER) {
        return { path: '/' + segments.slice(0, -1).map(decodeSegment).join('/'), kind: { type: 'DIRECTORY' } };
    }
    const dot = last.lastIndexOf('.');
    const ext = dot > 0 ? last.slice(dot) : '';
    const language = languageOfExtension(ext);
    if (language && hasNotebookHeader(content, language)) {
        const names = [...segments.slice(0, -1), last.slice(0, dot)].map(decodeSegment);
        return { path: '/' + names.join('/'), kind: { type: 'NOTEBOOK', language } };
    }
    return { path: '/' + segments.map(decodeSegment).join('/'), kind: { type: 'FILE' } };
}
/** Is `path` equal to or under `root` (both absolute workspace paths)? */
function isUnder(path, root) {
    if (root === '/')
        return true;
    const r = root.replace(/\/+$/, '');
    return path === r || path.startsWith(r + '/');
}
/** Workspace paths as the API accepts them: `/Workspace` prefix dropped, duplicate and trailing slashes removed. */
function normalizeWorkspacePath(path) {
    let p = ('/' + path.trim()).replace(/\/+/g, '/');
    if (p === '/Workspace' || p.startsWith('/Workspace/'))
        p = p.slice('/Workspace'.length) || '/';
    if (p.length > 1)
        p = p.replace(/\/$/, '');
    return p;
}

;// CONCATENATED MODULE: ./src/resources/workspace.ts






/** The Workspace API's 10 MB limit on export and import content. */
const MAX_CONTENT_BYTES = 10 * 1024 * 1024;
const KIND = 'workspace';
/** Per run (per RefIndex): the type of every workspace object whose id was registered. */
const registeredTypes = new WeakMap();
/**
 * Registers a notebook's, folder's or file's object id under its path (`refs.idOf('workspace', path)`),
 * so that kinds read later (permissions) can act on it without listing the tree again.
 */
function register(refs, o) {
    if (o.object_id === undefined)
        return;
    const type = o.object_type;
    if (type !== 'NOTEBOOK' && type !== 'DIRECTORY' && type !== 'FILE')
        return;
    let types = registeredTypes.get(refs);
    if (!types)
        registeredTypes.set(refs, (types = new Map()));
    types.set(o.path, type);
    refs.add(KIND, o.object_id, o.path);
}
/** The type of a workspace object registered in this RefIndex by export or readActual. */
function registeredWorkspaceType(refs, path) {
    return registeredTypes.get(refs)?.get(path);
}
/**
 * The apply state: a workspace file in the target where apply records, for every notebook and file it
 * wrote or found in sync, the object id and modification time the target gave it and the sha256 of the
 * snapshot content. The next plan trusts an object whose id and modification time are unchanged without
 * downloading it (any edit, delete or re-create in the target changes one of them). The folder belongs to
 * databricks-dr: export, plan and prune never see it.
 */
const APPLY_STATE_DIR = '/Shared/.databricks-dr';
const APPLY_STATE_FILE = `${APPLY_STATE_DIR}/apply-state.json`;
/** Is this workspace path databricks-dr's own bookkeeping in the target? */
function isToolPath(path) {
    return isUnder(path, APPLY_STATE_DIR);
}
/** Object id and modification time of the objects readActual listed, for afterApply. */
const listedVersion = new WeakMap();
/** Imports read their content inside this limit, so an apply never holds more than a few files in memory. */
const importLimits = new WeakMap();
function importLimit(client) {
    let limit = importLimits.get(client);
    if (!limit) {
        limit = pLimit(16);
        importLimits.set(client, limit);
    }
    return limit;
}
/** The target's apply state; empty when absent, unreadable or damaged (then content is downloaded). */
async function readApplyState(client) {
    const out = new Map();
    let raw;
    try {
        raw = await client.getBytes('/api/2.0/workspace/export', {
            path: APPLY_STATE_FILE,
            format: 'AUTO',
            direct_download: true,
        });
    }
    catch (error) {
        if (error instanceof ApiError)
            return out;
        throw error;
    }
    try {
        const json = parseJson(raw.toString('utf8'));
        if (!isJsonObject(json) || json.format !== 1 || !isJsonObject(json.objects))
            return out;
        for (const [path, v] of Object.entries(json.objects)) {
            if (isJsonObject(v) &&
                typeof v.object_id === 'string' &&
                typeof v.modified_at === 'string' &&
                typeof v.type === 'string' &&
                typeof v.sha256 === 'string' &&
                /^[0-9a-f]{64}$/.test(v.sha256))
                out.set(path, { object_id: v.object_id, modified_at: v.modified_at, type: v.type, sha256: v.sha256 });
        }
    }
    catch {
        // A damaged state only costs downloads.
    }
    return out;
}
function versionOf(o) {
    if (o.object_id === undefined || o.modified_at === undefined)
        return undefined;
    return { object_id: String(o.object_id), modified_at: String(o.modified_at) };
}
/** Lists one directory; a path that is a notebook or file lists as itself. */
async function listDirectory(ctx, path) {
    const page = await ctx.client.get('/api/2.0/workspace/list', { path });
    return (page.objects ?? []).map((o) => ({ ...o, path: normalizeWorkspacePath(o.path) }));
}
function describeType(o) {
    if (o.object_type === 'REPO' || (o.object_type === 'DIRECTORY' && o.directory_info?.is_git_folder))
        return 'Git folder: its files live in its remote repository, not in this snapshot';
    if (o.object_type === 'LIBRARY')
        return 'workspace library objects cannot be exported through the Workspace API';
    if (!['DIRECTORY', 'NOTEBOOK', 'FILE'].includes(o.object_type))
        return `${o.object_type} objects cannot be exported through the Workspace API`;
    return undefined;
}
/**
 * Walks the workspace tree breadth-first (the list API has no recursion), exports every notebook in SOURCE
 * format and every file byte for byte. Objects whose object id and modification time are the same as in
 * the previous export are copied from the previous snapshot instead of being downloaded again.
 */
async function exportWorkspace(ctx) {
    const previousState = await ctx.previous.exportState(KIND);
    const directories = new Map();
    const work = [];
    const markContent = (dir) => {
        for (let d = dir; d !== undefined; d = directories.get(d)?.parent) {
            const entry = directories.get(d);
            if (!entry || entry.hasContent)
                break;
            entry.hasContent = true;
        }
    };
    const visitDirectory = async (path, parent) => {
        directories.set(path, { hasContent: false, parent });
        const children = await listDirectory(ctx, path);
        children.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        await Promise.all(children.map((child) => visit(child, path)));
    };
    const visit = async (o, parent) => {
        if (isToolPath(o.path))
            return;
        if (ctx.options.exclude(o.path)) {
            ctx.log.debug(`excluded ${o.path}`);
            return;
        }
        const unsupported = describeType(o);
        if (unsupported) {
            ctx.report.skip(KIND, o.path, unsupported);
            return;
        }
        if (o.object_type === 'DIRECTORY') {
            register(ctx.refs, o);
            return visitDirectory(o.path, parent);
        }
        const kind = o.object_type === 'FILE'
            ? { type: 'FILE' }
            : isNotebookLanguage(o.language)
                ? { type: 'NOTEBOOK', language: o.language }
                : undefined;
        if (!kind) {
            ctx.report.skip(KIND, o.path, `notebook language '${o.language ?? 'unknown'}' has no SOURCE format`);
            return;
        }
        if (o.size !== undefined && Number(o.size) > MAX_CONTENT_BYTES) {
            ctx.report.skip(KIND, o.path, `${Number(o.size)} bytes: over the Workspace API's 10 MB export limit`);
            return;
        }
        const file = fileForObject(o.path, kind);
        if (!ctx.out.claim(file)) {
            ctx.report.skip(KIND, o.path, `name collision: another object in the same folder is also stored as ${file}`);
            return;
        }
        const done = await exportObject(ctx, o, kind, file, previousState[o.path]);
        if (done) {
            register(ctx.refs, o);
            markContent(parent);
        }
    };
    const roots = [...new Set(ctx.options.workspacePaths.map(normalizeWorkspacePath))].sort();
    for (const root of roots) {
        let status;
        try {
            status = await ctx.client.get('/api/2.0/workspace/get-status', { path: root });
        }
        catch (error) {
            if (error instanceof ApiError && error.isNotFound)
                throw new Error(`workspace path '${root}' does not exist: fix the 'workspace-paths' input`);
            throw error;
        }
        status.path = normalizeWorkspacePath(status.path ?? root);
        if (status.object_type === 'DIRECTORY' && !describeType(status)) {
            // Roots are walked even if excluded by a pattern matching their children only.
            register(ctx.refs, status);
            work.push(visitDirectory(status.path, undefined));
        }
        else
            work.push(visit(status, undefined));
    }
    await Promise.all(work);
    // Directories with nothing under them in the snapshot keep a marker, so that git keeps them.
    for (const [dir, entry] of [...directories].sort()) {
        if (entry.hasContent || dir === '/')
            continue;
        const marker = fileForObject(dir, { type: 'DIRECTORY' });
        if (ctx.out.claim(marker))
            await ctx.out.write(marker, '');
        ctx.report.count(KIND, 'exported');
    }
}
async function exportObject(ctx, o, kind, file, previous) {
    const id = o.object_id !== undefined ? String(o.object_id) : '';
    const modified = o.modified_at !== undefined ? String(o.modified_at) : '';
    const entry = { object_id: id, modified_at: modified, file };
    const prev = previous;
    if (id &&
        modified &&
        prev &&
        prev.object_id === id &&
        prev.modified_at === modified &&
        prev.file === file) {
        if (await ctx.out.copyFrom(ctx.previous, file)) {
            ctx.out.setState(KIND, o.path, { ...entry });
            ctx.report.count(KIND, 'unchanged');
            ctx.progress?.(KIND, o.path);
            return true;
        }
    }
    let content;
    try {
        content = await ctx.client.getBytes('/api/2.0/workspace/export', {
            path: o.path,
            format: kind.type === 'NOTEBOOK' ? 'SOURCE' : 'AUTO',
            direct_download: true,
        });
    }
    catch (error) {
        if (error instanceof ApiError && (error.errorCode === 'MAX_NOTEBOOK_SIZE_EXCEEDED' || error.isNotFound)) {
            const why = error.isNotFound ? 'deleted while the export ran' : `cannot be exported: ${error.message}`;
            ctx.report.skip(KIND, o.path, why);
            return false;
        }
        throw error;
    }
    if (kind.type === 'FILE' && /\.(py|sql|scala|r)$/i.test(o.path)) {
        const lang = o.path.endsWith('.py')
            ? 'PYTHON'
            : o.path.endsWith('.sql')
                ? 'SQL'
                : o.path.endsWith('.scala')
                    ? 'SCALA'
                    : 'R';
        if (hasNotebookHeader(content, lang))
            ctx.report.warn(KIND, o.path, 'a workspace file that starts with a notebook header is restored as a notebook');
    }
    await ctx.out.write(file, content);
    ctx.out.setState(KIND, o.path, { ...entry });
    ctx.report.count(KIND, 'exported');
    ctx.progress?.(KIND, o.path);
    return true;
}
function parentOf(path) {
    const i = path.lastIndexOf('/');
    return i <= 0 ? undefined : path.slice(0, i);
}
function dirRef(path) {
    const parent = path && parentOf(path);
    return parent ? [{ kind: KIND, key: parent }] : [];
}
function sha256(content) {
    return (0,external_node_crypto_namespaceObject.createHash)('sha256').update(content).digest('hex');
}
function specOf(kind, hash) {
    const spec = { type: kind.type };
    if (kind.type === 'NOTEBOOK')
        spec.language = kind.language;
    if (hash)
        spec.sha256 = hash;
    return spec;
}
/** Every notebook, file and folder the snapshot's `workspace/` tree stands for, keyed by workspace path. */
async function readDesired(snapshot) {
    const objects = new Map();
    const add = (o) => {
        const other = objects.get(o.key);
        if (!other) {
            objects.set(o.key, o);
            return;
        }
        const typeOf = (d) => d.spec.type;
        if (typeOf(other) === 'DIRECTORY' && typeOf(o) === 'DIRECTORY')
            return;
        throw new SnapshotError(o.source, `stands for the workspace object ${o.key}, as ${other.source} does`);
    };
    for (const rel of snapshot.filesUnder(WORKSPACE_DIR)) {
        const source = `${WORKSPACE_DIR}/${rel}`;
        const content = await snapshot.read(source);
        let found;
        try {
            found = objectForFile(rel, content);
            // A name that decodes to '.' or '..' (%2E%2E) would address another folder of the target.
            splitWorkspacePath(found.path);
        }
        catch (error) {
            throw new SnapshotError(source, error.message);
        }
        const { path, kind } = found;
        if (path === '/' && kind.type !== 'DIRECTORY')
            throw new SnapshotError(source, 'not a workspace object');
        if (isToolPath(path))
            throw new SnapshotError(source, `${APPLY_STATE_DIR} is reserved for databricks-dr's apply state`);
        const spec = specOf(kind, kind.type === 'DIRECTORY' ? undefined : sha256(content));
        if (path !== '/')
            add({ kind: KIND, key: path, spec, refs: dirRef(path), source });
        for (let dir = parentOf(path); dir; dir = parentOf(dir))
            add({ kind: KIND, key: dir, spec: { type: 'DIRECTORY' }, refs: dirRef(dir), source });
    }
    return [...objects.values()];
}
/**
 * The target's tree under the exported roots, normalized like the snapshot: content is downloaded and
 * hashed only for objects the snapshot also has (the others can only be deleted, which needs no content),
 * and not even then when the apply state vouches for the object (same object id and modification time as
 * when apply wrote or last checked it).
 */
async function readActual(ctx) {
    const wanted = new Map(ctx.desired.filter((d) => d.kind === KIND).map((d) => [d.key, d.spec]));
    const applied = wanted.size ? await readApplyState(ctx.client) : new Map();
    const out = [];
    const gitFolders = [];
    // Objects of the target the snapshot leaves out (excluded, or not exportable): never in the plan, so a
    // folder above them must not be pruned, since deleting a folder deletes everything in it.
    const leftOut = [];
    const visit = async (o) => {
        if (isGitFolder(o))
            gitFolders.push(o.path);
        else if (!isToolPath(o.path) && (ctx.options.exclude(o.path) || describeType(o)))
            leftOut.push(o.path);
        if (isToolPath(o.path) || ctx.options.exclude(o.path) || describeType(o))
            return;
        register(ctx.refs, o);
        if (o.object_type === 'DIRECTORY') {
            if (o.path !== '/')
                out.push(actual(o, { type: 'DIRECTORY' }));
            const children = await listDirectory(ctx, o.path);
            await Promise.all(children.filter((c) => c.path !== o.path).map(visit));
            return;
        }
        const kind = o.object_type === 'FILE'
            ? { type: 'FILE' }
            : isNotebookLanguage(o.language)
                ? { type: 'NOTEBOOK', language: o.language }
                : undefined;
        if (!kind) {
            leftOut.push(o.path);
            return;
        }
        const want = wanted.get(o.path);
        const version = versionOf(o);
        let hash;
        if (want && want.type === kind.type) {
            const entry = applied.get(o.path);
            if (entry &&
                version &&
                entry.type === kind.type &&
                entry.object_id === version.object_id &&
                entry.modified_at === version.modified_at)
                hash = entry.sha256;
            else {
                const content = await ctx.client.getBytes('/api/2.0/workspace/export', {
                    path: o.path,
                    format: kind.type === 'NOTEBOOK' ? 'SOURCE' : 'AUTO',
                    direct_download: true,
                });
                hash = sha256(content);
            }
        }
        const a = actual(o, specOf(kind, hash));
        if (version)
            listedVersion.set(a, version);
        out.push(a);
    };
    for (const root of [...new Set(ctx.options.workspacePaths.map(normalizeWorkspacePath))].sort()) {
        let status;
        try {
            status = await ctx.client.get('/api/2.0/workspace/get-status', { path: root });
        }
        catch (error) {
            if (error instanceof ApiError && error.isNotFound)
                continue;
            throw error;
        }
        await visit({ ...status, path: normalizeWorkspacePath(status.path ?? root) });
    }
    const aboveGit = foldersAbove(gitFolders);
    const aboveLeftOut = foldersAbove(leftOut);
    for (const a of out)
        if (aboveGit.has(a.key))
            holdsGitFolder.add(a);
        else if (aboveLeftOut.has(a.key))
            holdsLeftOut.add(a);
    return out;
}
/** Every folder above the given paths. */
function foldersAbove(paths) {
    const out = new Set();
    for (const p of paths)
        for (let dir = parentOf(p); dir && !out.has(dir); dir = parentOf(dir))
            out.add(dir);
    return out;
}
function isGitFolder(o) {
    return (o.object_type === 'REPO' || (o.object_type === 'DIRECTORY' && o.directory_info?.is_git_folder === true));
}
/**
 * Folders of the target that hold a Git folder. Deleting a folder deletes everything under it, and repos
 * are not in a snapshot's workspace tree (the repos kind owns them), so such a folder is never pruned.
 */
const holdsGitFolder = new WeakSet();
/** Folders of the target above objects the snapshot leaves out: never pruned either. */
const holdsLeftOut = new WeakSet();
function actual(o, spec) {
    return { kind: KIND, key: o.path, id: o.object_id ?? null, spec, refs: dirRef(o.path), label: o.path };
}
/** System folders and home folders are never deleted, even with prune: only what is inside them. */
function protectedFromDelete(a) {
    if (/^\/(Users|Shared|Repos|Workspace)$/.test(a.key) || /^\/Users\/[^/]+$/.test(a.key))
        return 'system or home folder';
    if (holdsGitFolder.has(a))
        return 'holds a Git folder (repos are restored and pruned by the repos kind)';
    if (holdsLeftOut.has(a))
        return 'holds objects the snapshot leaves out (excluded or not exportable), which deleting it would delete';
    return undefined;
}
async function importObject(ctx, path, source, spec) {
    // The content is read only when the request can go: a wave of 10,000 imports holds 16 files at most.
    await importLimit(ctx.client)(async () => {
        const content = await ctx.snapshot.read(source);
        const body = { path, content: content.toString('base64'), overwrite: true };
        if (spec.type === 'NOTEBOOK') {
            body.format = 'SOURCE';
            body.language = spec.language;
        }
        else
            body.format = 'AUTO';
        await ctx.client.post('/api/2.0/workspace/import', body, { idempotent: true });
    });
}
async function deleteObject(ctx, path) {
    try {
        await ctx.client.post('/api/2.0/workspace/delete', { path, recursive: true }, { idempotent: true });
    }
    catch (error) {
        // Deleting a folder takes its children with it.
        if (!(error instanceof ApiError && error.isNotFound))
            throw error;
    }
}
async function apply(ctx, req) {
    const path = req.key;
    if (req.action === 'delete') {
        await deleteObject(ctx, path);
        return undefined;
    }
    if (req.action === 'replace')
        await deleteObject(ctx, path);
    const desired = req.desired;
    if (!desired)
        throw new Error(`no desired state for ${path}`);
    const spec = desired.spec;
    if (spec.type === 'DIRECTORY')
        await ctx.client.post('/api/2.0/workspace/mkdirs', { path }, { idempotent: true });
    else
        await importObject(ctx, path, desired.source, spec);
    return undefined;
}
/**
 * Records the apply state: objects found in sync keep the version readActual listed; objects written are
 * listed again (one request per folder) for the id and modification time the target gave them. Entries
 * outside the snapshot's roots are kept (another snapshot may have written them); failed objects get none.
 * Nothing is written when the state is unchanged, so a no-op apply makes no write request.
 */
async function afterApply(ctx, outcome) {
    const content = new Map();
    for (const d of outcome.desired) {
        const spec = d.spec;
        if (spec.type !== 'DIRECTORY' && typeof spec.sha256 === 'string')
            content.set(d.key, d);
    }
    const old = await readApplyState(ctx.client);
    const roots = ctx.options.workspacePaths.map(normalizeWorkspacePath);
    const next = new Map([...old].filter(([path]) => !roots.some((r) => isUnder(path, r))));
    const record = (path, version) => {
        const d = content.get(path);
        if (!d || !version)
            return;
        const spec = d.spec;
        next.set(path, { ...version, type: String(spec.type), sha256: String(spec.sha256) });
    };
    for (const a of outcome.actual)
        if (outcome.unchanged.has(a.key) && !outcome.written.has(a.key))
            record(a.key, listedVersion.get(a));
    const folders = new Set();
    for (const key of outcome.written)
        if (content.has(key))
            folders.add(parentOf(key) ?? '/');
    await Promise.all([...folders].map(async (folder) => {
        let listed;
        try {
            listed = await listDirectory(ctx, folder);
        }
        catch {
            return;
        }
        for (const o of listed)
            if (outcome.written.has(o.path))
                record(o.path, versionOf(o));
    }));
    const same = next.size === old.size &&
        [...next].every(([path, e]) => {
            const o = old.get(path);
            return (o !== undefined &&
                o.object_id === e.object_id &&
                o.modified_at === e.modified_at &&
                o.type === e.type &&
                o.sha256 === e.sha256);
        });
    if (same)
        return;
    const objects = {};
    for (const [path, e] of [...next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        objects[path] = { ...e };
    const bytes = Buffer.from(stableJson({ format: 1, objects }), 'utf8');
    if (bytes.length > MAX_CONTENT_BYTES) {
        ctx.log.warning('the apply state is over 10 MB and is not recorded: the next plan downloads content');
        return;
    }
    try {
        await ctx.client.post('/api/2.0/workspace/mkdirs', { path: APPLY_STATE_DIR }, { idempotent: true });
        await ctx.client.post('/api/2.0/workspace/import', { path: APPLY_STATE_FILE, format: 'AUTO', content: bytes.toString('base64'), overwrite: true }, { idempotent: true });
    }
    catch (error) {
        ctx.log.warning(`could not record the apply state in ${APPLY_STATE_FILE} (${error.message.split('\n')[0]}): ` +
            'the next plan downloads content to compare');
    }
}
const workspaceKind = {
    name: KIND,
    folder: WORKSPACE_DIR,
    export: exportWorkspace,
    readDesired,
    readActual,
    // A notebook that becomes a file or a folder (or back) has to be deleted and made anew.
    replaceFields: (changes) => (changes.some((c) => c.path === 'type') ? ['type'] : []),
    protectedFromDelete,
    apply,
    afterApply,
};

;// CONCATENATED MODULE: ./src/resources/permissions.ts





const PERMISSIONS = 'permissions';
/** Which kinds' grants were read completely, and the objects whose grants could not be read. */
const RECORDED_FILE = `${PERMISSIONS}/recorded.json`;
const WORKSPACE_TYPES = { NOTEBOOK: 'notebooks', DIRECTORY: 'directories', FILE: 'files' };
const COVERED = [
    { kind: 'workspace', type: (refs, key) => workspaceUrlType(refs, key) },
    { kind: 'instance_pools', type: 'instance-pools' },
    { kind: 'cluster_policies', type: 'cluster-policies' },
    { kind: 'clusters', type: 'clusters' },
    { kind: 'repos', type: 'repos' },
    { kind: 'sql_warehouses', type: 'warehouses', owned: true },
    { kind: 'pipelines', type: 'pipelines', owned: true },
    { kind: 'jobs', type: 'jobs', owned: true },
];
function workspaceUrlType(refs, key) {
    const t = registeredWorkspaceType(refs, key);
    return t ? WORKSPACE_TYPES[t] : undefined;
}
const PRINCIPAL_FIELDS = ['user_name', 'group_name', 'service_principal_name'];
const PRINCIPAL_TYPE = {
    user_name: USERS,
    group_name: GROUPS,
    service_principal_name: SERVICE_PRINCIPALS,
};
function grantJson(g) {
    return { [g.field]: g.name, permission_level: g.level };
}
function sortGrants(list) {
    const rank = (f) => PRINCIPAL_FIELDS.indexOf(f);
    const seen = new Set();
    return list
        .filter((g) => {
        const k = `${g.field}\0${g.name}\0${g.level}`;
        if (seen.has(k))
            return false;
        seen.add(k);
        return true;
    })
        .sort((a, b) => rank(a.field) - rank(b.field) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        (a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
}
/**
 * The direct grants of an ObjectPermissions answer. Entries without a principal or level (the fixtures'
 * `Permission_level` typo) are dropped and reported through `onInvalid`.
 */
function directGrants(answer, onInvalid = () => undefined) {
    const list = isJsonObject(answer) && Array.isArray(answer.access_control_list) ? answer.access_control_list : [];
    const out = [];
    for (const entry of list) {
        if (!isJsonObject(entry))
            continue;
        const field = PRINCIPAL_FIELDS.find((f) => typeof entry[f] === 'string' && entry[f] !== '');
        if (!field) {
            onInvalid('an access control entry names no principal');
            continue;
        }
        for (const p of Array.isArray(entry.all_permissions) ? entry.all_permissions : []) {
            if (!isJsonObject(p) || p.inherited === true)
                continue;
            if (typeof p.permission_level !== 'string') {
                onInvalid(`a grant of ${String(entry[field])} has no permission_level`);
                continue;
            }
            out.push({ field, name: String(entry[field]), level: p.permission_level });
        }
    }
    return sortGrants(out);
}
function urlTypeOf(row, refs, key) {
    return typeof row.type === 'string' ? row.type : row.type(refs, key);
}
async function readGrants(client, type, id, onInvalid) {
    try {
        return directGrants(await client.get(`/api/2.0/permissions/${type}/${String(id)}`), onInvalid);
    }
    catch (error) {
        // Deleted while we read (or a cluster terminated long ago, §12): nothing to protect any more.
        if (error instanceof ApiError && (error.isNotFound || error.errorCode === 'INVALID_STATE'))
            return undefined;
        throw error;
    }
}
/**
 * Export's RefIndex hook: as soon as a covered object's id is known, starts reading its permissions (the
 * client keeps the answer for `readGrants`). The permissions kind runs after every other kind; read ahead,
 * the Permissions API's budget is spent while the other kinds read theirs, not after them.
 */
function readPermissionsAhead(client, refs, kind, id, key) {
    const row = COVERED.find((r) => r.kind === kind);
    const type = row && urlTypeOf(row, refs, key);
    if (type)
        client.readAhead(`/api/2.0/permissions/${type}/${String(id)}`);
}
const objectKey = (kind, key) => `${kind}:${key}`;
function splitKey(key) {
    const i = key.indexOf(':');
    const row = COVERED.find((r) => r.kind === key.slice(0, i));
    return row ? { row, key: key.slice(i + 1) } : undefined;
}
async function exportPermissions(ctx) {
    if (ctx.options.permissions === 'none') {
        // Not refreshed: the record keeps what the last export that read permissions found.
        for (const name of await ctx.previous.list(PERMISSIONS)) {
            const file = `${PERMISSIONS}/${name}`;
            ctx.out.claim(file);
            await ctx.out.copyFrom(ctx.previous, file);
        }
        ctx.report.warn(PERMISSIONS, '*', 'not refreshed (permissions: none): the snapshot keeps the grants of the last export that read them');
        return;
    }
    const unread = [];
    for (const row of COVERED) {
        const entries = ctx.refs.entries(row.kind);
        const grants = new Map();
        await Promise.all(entries.map(async ([key, id]) => {
            const type = urlTypeOf(row, ctx.refs, key);
            if (!type)
                return;
            const list = await readGrants(ctx.client, type, id, (why) => ctx.report.warn(PERMISSIONS, objectKey(row.kind, key), why));
            if (!list)
                unread.push(objectKey(row.kind, key));
            else if (list.length)
                grants.set(key, list);
        }));
        if (!grants.size)
            continue;
        const out = {};
        for (const key of [...grants.keys()].sort())
            out[key] = (grants.get(key) ?? []).map(grantJson);
        const file = `${PERMISSIONS}/${row.kind}.json`;
        ctx.out.claim(file);
        await ctx.out.writeJson(file, out);
        ctx.report.count(PERMISSIONS, 'exported', grants.size);
        ctx.progress?.(PERMISSIONS, row.kind);
    }
    ctx.out.claim(RECORDED_FILE);
    await ctx.out.writeJson(RECORDED_FILE, {
        complete: COVERED.map((r) => r.kind),
        ...(unread.length ? { unread: unread.sort() } : {}),
    });
}
async function readRecorded(snapshot) {
    if (!snapshot.has(RECORDED_FILE))
        return undefined;
    const value = await snapshot.readJson(RECORDED_FILE);
    const list = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (!isJsonObject(value) || !list(value.complete) || (value.unread !== undefined && !list(value.unread)))
        throw new SnapshotError(RECORDED_FILE, "must hold {'complete': [kinds whose grants were read], 'unread': ['<kind>:<key>', ...]}");
    return { complete: new Set(value.complete), unread: new Set(value.unread ?? []) };
}
/** Desired objects that stand for "no direct grants" (an object of a recorded kind with no entry). */
const implied = new WeakSet();
function parseGrant(value, where) {
    if (!isJsonObject(value))
        throw new SnapshotError(where, 'each grant must be an object');
    const fields = PRINCIPAL_FIELDS.filter((f) => value[f] !== undefined);
    if (fields.length !== 1 || typeof value[fields[0]] !== 'string' || value[fields[0]] === '')
        throw new SnapshotError(where, 'each grant needs exactly one of user_name, group_name, service_principal_name');
    if (typeof value.permission_level !== 'string' || !/^[A-Z_]+$/.test(value.permission_level))
        throw new SnapshotError(where, "each grant needs a 'permission_level' such as CAN_MANAGE");
    const extra = Object.keys(value).filter((k) => k !== fields[0] && k !== 'permission_level');
    if (extra.length)
        throw new SnapshotError(where, `unknown field '${extra[0]}' in a grant`);
    return { field: fields[0], name: String(value[fields[0]]), level: value.permission_level };
}
function principalRefs(principals, grants) {
    const out = [];
    for (const g of grants) {
        const type = PRINCIPAL_TYPE[g.field];
        const key = principalKey(principals, type, g.name);
        // Ordering only: a principal that cannot be created leaves the other grants to be applied.
        if (key !== undefined && !out.some((r) => r.kind === type && r.key === key))
            out.push({ kind: type, key, soft: true });
    }
    return out;
}
async function permissions_readDesired(snapshot, options = {}, before = []) {
    if (options.permissions === 'none')
        return [];
    const out = [];
    const files = snapshot.filesUnder(PERMISSIONS);
    if (!files.length)
        return out;
    const principals = await readSnapshotPrincipals(snapshot);
    for (const rel of files) {
        const source = `${PERMISSIONS}/${rel}`;
        if (source === RECORDED_FILE)
            continue;
        const row = COVERED.find((r) => `${r.kind}.json` === rel);
        if (!row)
            throw new SnapshotError(source, `not a covered kind: expected one of ${COVERED.map((r) => `${r.kind}.json`).join(', ')}`);
        const value = await snapshot.readJson(source);
        if (!isJsonObject(value))
            throw new SnapshotError(source, 'must map object keys to lists of grants');
        for (const [key, list] of Object.entries(value)) {
            if (!Array.isArray(list))
                throw new SnapshotError(source, `'${key}' must be a list of grants`);
            const grants = sortGrants(list.map((g) => parseGrant(g, source)));
            if (row.owned && grants.filter((g) => g.level === 'IS_OWNER').length > 1)
                throw new SnapshotError(source, `'${key}' has more than one IS_OWNER: a ${row.kind} object has exactly one owner`);
            out.push({
                kind: PERMISSIONS,
                key: objectKey(row.kind, key),
                spec: grants.map(grantJson),
                refs: [{ kind: row.kind, key }, ...principalRefs(principals, grants)],
                source,
            });
        }
    }
    const recorded = await readRecorded(snapshot);
    if (!recorded)
        return out;
    const listed = new Set(out.map((d) => d.key));
    for (const d of before) {
        const row = COVERED.find((r) => r.kind === d.kind);
        const key = objectKey(d.kind, d.key);
        if (!row || !recorded.complete.has(row.kind) || listed.has(key) || recorded.unread.has(key))
            continue;
        const none = {
            kind: PERMISSIONS,
            key,
            spec: [],
            refs: [{ kind: row.kind, key: d.key }],
            source: RECORDED_FILE,
        };
        implied.add(none);
        out.push(none);
    }
    return out;
}
/** Names of the principals the snapshot's identity files hold (apply creates them when missing). */
function snapshotNames(desired) {
    const out = {
        user_name: new Set(),
        group_name: new Set(),
        service_principal_name: new Set(),
    };
    for (const d of desired) {
        if (!isJsonObject(d.spec))
            continue;
        if (d.kind === USERS && typeof d.spec.userName === 'string')
            out.user_name.add(d.spec.userName.toLowerCase());
        if (d.kind === GROUPS && typeof d.spec.displayName === 'string')
            out.group_name.add(d.spec.displayName);
        if (d.kind === SERVICE_PRINCIPALS && typeof d.spec.applicationId === 'string')
            out.service_principal_name.add(d.spec.applicationId);
    }
    return out;
}
/** Per run: `<key>\0<principal>` already reported, so plan and apply do not say the same thing twice. */
const reported = new WeakMap();
function reportMissing(ctx, key, g) {
    let done = reported.get(ctx.refs);
    if (!done)
        reported.set(ctx.refs, (done = new Set()));
    const id = `${key}\0${g.field}\0${g.name}`;
    if (done.has(id))
        return;
    done.add(id);
    const what = key.replace(':', ' ');
    if (g.level === 'IS_OWNER')
        ctx.report.manual.push({
            kind: PERMISSIONS,
            key,
            reason: `${what}: the owner ${g.name} does not exist in the target, so the current owner stays; add ${g.name} and apply again, or choose another owner`,
        });
    else
        ctx.report.warn(PERMISSIONS, key, `${what}: ${g.name} does not exist in the target: ${g.level} not granted`);
}
/**
 * The owner an owned object keeps because the snapshot names none for it (no grants recorded, or the owner
 * cannot be had in the target): apply PUTs it back as the API requires, without reading the grants again.
 */
const keptOwner = new WeakMap();
/**
 * Reads the direct grants of the snapshot's objects where the target has the object (one request per
 * object: grants have no change signal). A grant to a principal that neither the target nor the snapshot
 * has can never be applied: it is reported and counted as present, so that it does not make every plan show
 * (and every apply repeat) a change. The IS_OWNER of an owned object is compared only when the snapshot
 * names one. An object that apply is about to create starts with no direct grants of its own: when the
 * snapshot wants none, there is nothing to do.
 */
async function permissions_readActual(ctx) {
    if (ctx.applyOptions?.permissions === 'none')
        return [];
    const wanted = ctx.desired.filter((d) => d.kind === PERMISSIONS);
    if (!wanted.length)
        return [];
    const directory = await readDirectory(ctx.client, ctx.refs);
    const inSnapshot = snapshotNames(ctx.desired);
    const inTarget = (g) => g.field === 'user_name'
        ? directory.userIds.has(g.name.toLowerCase())
        : g.field === 'group_name'
            ? directory.groupIds.has(g.name)
            : directory.spIds.has(g.name);
    const unappliable = (g) => !inTarget(g) && !inSnapshot[g.field].has(g.field === 'user_name' ? g.name.toLowerCase() : g.name);
    const out = [];
    await Promise.all(wanted.map(async (d) => {
        const split = splitKey(d.key);
        if (!split)
            return;
        const id = ctx.refs.idOf(split.row.kind, split.key);
        const type = urlTypeOf(split.row, ctx.refs, split.key);
        let grants = id === undefined || !type ? undefined : await readGrants(ctx.client, type, id, () => undefined);
        if (!grants) {
            if (implied.has(d))
                out.push({
                    kind: PERMISSIONS,
                    key: d.key,
                    id: '(not yet in the target)',
                    spec: [],
                    refs: d.refs,
                    label: `${split.row.kind} ${split.key}`,
                });
            return;
        }
        const want = (Array.isArray(d.spec) ? d.spec : []).map((g) => parseGrant(g, d.source));
        const lost = want.filter(unappliable);
        for (const g of lost)
            reportMissing(ctx, d.key, g);
        const owner = grants.find((g) => g.level === 'IS_OWNER');
        const keepOwner = split.row.owned && owner && !want.some((g) => g.level === 'IS_OWNER' && !unappliable(g));
        if (keepOwner || lost.some((g) => g.level === 'IS_OWNER'))
            grants = grants.filter((g) => g.level !== 'IS_OWNER');
        grants = sortGrants([...grants, ...lost]);
        const a = {
            kind: PERMISSIONS,
            key: d.key,
            id: `${type}/${String(id)}`,
            spec: grants.map(grantJson),
            refs: d.refs,
            label: `${split.row.kind} ${split.key} (${type}/${String(id)})`,
        };
        if (keepOwner && owner)
            keptOwner.set(a, owner);
        out.push(a);
    }));
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}
/** The target object's Permissions API address, looking a workspace object up when apply just created it. */
async function target(ctx, row, key) {
    const id = ctx.refs.idOf(row.kind, key);
    const type = urlTypeOf(row, ctx.refs, key);
    if (row.kind === 'workspace') {
        // The workspace kind does not return ids of what it imports, and a replace may change the type.
        const status = await ctx.client.get('/api/2.0/workspace/get-status', { path: key });
        const t = WORKSPACE_TYPES[String(status.object_type)];
        if (!t || status.object_id === undefined)
            throw new Error(`${key} is a ${String(status.object_type)} in the target: it has no permissions of its own`);
        return { type: t, id: status.object_id };
    }
    if (id === undefined || !type)
        throw new Error(`${row.kind} ${key} does not exist in the target`);
    return { type, id };
}
async function permissions_apply(ctx, req) {
    const split = splitKey(req.key);
    if (!split)
        throw new Error(`unknown permissions key ${req.key}`);
    const where = await target(ctx, split.row, split.key);
    const want = req.action === 'delete' ? [] : Array.isArray(req.desired?.spec) ? req.desired.spec : [];
    const grants = want.map((g) => parseGrant(g, req.desired?.source ?? PERMISSIONS));
    const kept = [];
    for (const g of grants) {
        if ((await lookup(ctx, PRINCIPAL_TYPE[g.field], g.name)) !== undefined)
            kept.push(g);
        else
            reportMissing(ctx, req.key, g);
    }
    // An owned object always has one owner: the one the target has stays when the snapshot names none.
    const owner = req.actual && keptOwner.get(req.actual);
    if (owner && !kept.some((g) => g.level === 'IS_OWNER'))
        kept.push(owner);
    await ctx.client.request('PUT', `/api/2.0/permissions/${where.type}/${String(where.id)}`, {
        body: { access_control_list: kept.map(grantJson) },
    });
    return undefined;
}
const permissionsKind = {
    name: PERMISSIONS,
    folder: PERMISSIONS,
    export: exportPermissions,
    readDesired: permissions_readDesired,
    readActual: permissions_readActual,
    // Only the snapshot's objects are read, so there is never a target object without a desired one; grants
    // removed in the primary are updates (see the top of this file).
    protectedFromDelete: () => 'only the grants of objects in the snapshot are managed',
    apply: permissions_apply,
};

;// CONCATENATED MODULE: ./src/resources/config-state.ts
/**
 * What lets a no-op export or plan of a JSON-config kind skip its per-object `get` calls (see `fingerprint`
 * in ConfigKindSpec). Two records, one per side:
 *
 * - export: `.export-state.json` of the previous snapshot holds, per key, the object's id, the fingerprint
 *   of its list entry, the references normalize made (kind, id → reference), the warnings it gave and the
 *   sha256 of every file written for it. When id, fingerprint and references are the same today and the
 *   previous files still have those hashes (nobody edited them in the repository), the files are reused.
 * - plan/apply: `/Shared/.databricks-dr/config-state.json` in the target holds, per kind and key, the id,
 *   the fingerprint, the references and the normalized object as readActual made it. Written by afterApply
 *   when it changed (a no-op apply writes nothing), read at most once per plan.
 *
 * A record is only ever a cache of what `get` + `normalize` gave for that exact list entry: every change of
 * the object changes its list entry, and a renamed or recreated referenced object changes the references,
 * so either mismatch means a fresh read. A missing, damaged or foreign state only costs the reads.
 */




const CONFIG_STATE_FILE = `${APPLY_STATE_DIR}/config-state.json`;
/** The same cap as for workspace imports: a bigger state is not recorded (it only costs reads). */
const MAX_STATE_BYTES = 10 * 1024 * 1024;
function config_state_sha256(data) {
    return (0,external_node_crypto_namespaceObject.createHash)('sha256').update(data).digest('hex');
}
/** The hash of a fingerprint value (undefined: the kind cannot vouch for this entry). */
function fingerprintHash(value) {
    return value === undefined ? undefined : config_state_sha256(stableJson(value));
}
/** A copy of an object without some fields. */
function omit(raw, fields) {
    const out = { ...raw };
    for (const f of fields)
        delete out[f];
    return out;
}
const HASH = /^[0-9a-f]{64}$/;
function parseRefs(value) {
    if (!Array.isArray(value))
        return undefined;
    const out = [];
    for (const r of value) {
        if (!Array.isArray(r) || r.length !== 3 || typeof r[0] !== 'string')
            return undefined;
        if (r[2] !== null && typeof r[2] !== 'string')
            return undefined;
        out.push([r[0], r[1], r[2]]);
    }
    return out;
}
function parseBase(value) {
    if (!isJsonObject(value) || value.id === undefined || value.id === null)
        return undefined;
    if (typeof value.fingerprint !== 'string' || !HASH.test(value.fingerprint))
        return undefined;
    const refs = parseRefs(value.refs);
    return refs && { id: value.id, fingerprint: value.fingerprint, refs };
}
function parseExportRecord(value) {
    const base = parseBase(value);
    if (!base || !isJsonObject(value))
        return undefined;
    const { warnings, files } = value;
    if (!Array.isArray(warnings) || !warnings.every((w) => typeof w === 'string'))
        return undefined;
    if (!isJsonObject(files) || !Object.values(files).every((h) => typeof h === 'string' && HASH.test(h)))
        return undefined;
    return { ...base, warnings: warnings, files: files };
}
function parseTargetRecord(value) {
    const base = parseBase(value);
    if (!base || !isJsonObject(value) || !isJsonObject(value.spec))
        return undefined;
    return { ...base, spec: value.spec };
}
/** Does a record describe this list entry: same object, same fingerprint? */
function recordMatches(record, id, fingerprint) {
    return record !== undefined && String(record.id) === String(id) && record.fingerprint === fingerprint;
}
/** Per run (per RefIndex: one plan, then its apply): the state read once and shared by every kind. */
const loaded = new WeakMap();
async function readTargetState(client) {
    const doc = { kinds: {} };
    let raw;
    try {
        raw = await client.getBytes('/api/2.0/workspace/export', {
            path: CONFIG_STATE_FILE,
            format: 'AUTO',
            direct_download: true,
        });
    }
    catch (error) {
        if (error instanceof ApiError)
            return doc;
        throw error;
    }
    try {
        const json = parseJson(raw.toString('utf8'));
        if (!isJsonObject(json) || json.format !== 1 || !isJsonObject(json.kinds))
            return doc;
        for (const [kind, records] of Object.entries(json.kinds)) {
            if (!isJsonObject(records))
                continue;
            const section = {};
            for (const [key, value] of Object.entries(records)) {
                const record = parseTargetRecord(value);
                if (record)
                    section[key] = record;
            }
            doc.kinds[kind] = section;
        }
    }
    catch {
        // A damaged state only costs reads.
    }
    return doc;
}
/** The target's state for this run, read on first use. */
function targetState(client, refs) {
    let doc = loaded.get(refs);
    if (!doc) {
        doc = readTargetState(client);
        loaded.set(refs, doc);
    }
    return doc;
}
/**
 * Replaces one kind's records and writes the file when they changed. Kinds call this one after another
 * (afterApply runs kind by kind), each writing the whole document, so no kind's records are lost.
 */
async function recordTargetState(client, refs, kind, records, log) {
    const doc = await targetState(client, refs);
    if (stableJson(doc.kinds[kind] ?? {}) === stableJson(records))
        return;
    doc.kinds[kind] = records;
    const bytes = Buffer.from(stableJson({ format: 1, kinds: doc.kinds }), 'utf8');
    if (bytes.length > MAX_STATE_BYTES) {
        log.warning(`the config state is over 10 MB and is not recorded: the next plan reads every ${kind} object`);
        return;
    }
    try {
        await client.post('/api/2.0/workspace/mkdirs', { path: APPLY_STATE_DIR }, { idempotent: true });
        await client.post('/api/2.0/workspace/import', { path: CONFIG_STATE_FILE, format: 'AUTO', content: bytes.toString('base64'), overwrite: true }, { idempotent: true });
    }
    catch (error) {
        log.warning(`could not record the config state in ${CONFIG_STATE_FILE} (${error.message.split('\n')[0]}): ` +
            `the next plan reads every ${kind} object`);
    }
}

;// CONCATENATED MODULE: ./src/resources/config-kind.ts






/** The tag that tells apart, in a target, objects that share a name (see KeyTagSpec). */
const KEY_TAG = 'databricks-dr-key';
const config_kind_KEY = /^[A-Za-z0-9_-]{1,128}$/;
/** Per run (per RefIndex): `<kind>.<key>` of reference-only objects, with why they are not exported. */
const referenceOnlyKeys = new WeakMap();
function makeNormalizer(refs, warn) {
    return {
        ref: (kind, id) => {
            const key = refs.keyOf(kind, id);
            if (key === undefined)
                return undefined;
            const why = referenceOnlyKeys.get(refs)?.get(`${kind}.${key}`);
            if (why)
                warn(`references ${kind}.${key} (${String(id)}), which is not exported (${why}): on apply it resolves to the object with that key in the target`);
            return refString(kind, key);
        },
        warn,
    };
}
/** Lists, drops ignored objects, assigns keys, and registers every id so references can be made. */
async function readKeyed(spec, client, refs, onIgnored, strictKeys) {
    const managed = [];
    const referenceOnly = new Map();
    for (const raw of await spec.list(client)) {
        const why = spec.ignore?.(raw);
        const onlyReferenced = why ? undefined : spec.referenceOnly?.(raw);
        if (why)
            onIgnored(raw, why);
        else if (onlyReferenced)
            referenceOnly.set(raw, onlyReferenced);
        else
            managed.push(raw);
    }
    // Reference-only objects take part in key assignment, so their keys never collide with managed ones.
    const keyed = [...managed, ...referenceOnly.keys()];
    const tagged = new Map();
    for (const raw of keyed) {
        const tag = spec.keyTag?.read(raw);
        if (tag !== undefined && config_kind_KEY.test(tag) && ![...tagged.values()].includes(tag))
            tagged.set(raw, tag);
    }
    const untagged = keyed.filter((raw) => !tagged.has(raw));
    if (strictKeys) {
        // In a target, two objects whose names give one key cannot be told apart: stop, never guess.
        const seen = new Map([...tagged].map(([raw, key]) => [key, raw]));
        for (const raw of untagged) {
            const key = keyFromName(spec.displayName(raw));
            const other = seen.get(key);
            if (other)
                throw new PlanError(`two ${spec.name} in the target workspace have the key '${key}': '${spec.displayName(other)}' (${String(spec.id(other))}) and '${spec.displayName(raw)}' (${String(spec.id(raw))}); rename or delete one of them`);
            seen.set(key, raw);
        }
    }
    const order = spec.order ??
        ((a, b) => spec.displayName(a).localeCompare(spec.displayName(b)) ||
            String(spec.id(a)).localeCompare(String(spec.id(b))));
    const keys = uniqueKeys(untagged, spec.displayName, order, tagged.values());
    for (const [raw, key] of tagged)
        keys.set(raw, key);
    for (const raw of keyed)
        refs.add(spec.name, spec.id(raw), keys.get(raw));
    if (referenceOnly.size) {
        let marks = referenceOnlyKeys.get(refs);
        if (!marks)
            referenceOnlyKeys.set(refs, (marks = new Map()));
        for (const [raw, why] of referenceOnly)
            marks.set(`${spec.name}.${keys.get(raw)}`, why);
    }
    const out = managed.map((raw) => ({ raw, key: keys.get(raw) }));
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}
/** A normalizer that also notes every reference it gave and every warning, for a later run to reuse. */
function recording(base, warn) {
    const refs = [];
    const seen = new Set();
    const warnings = [];
    return {
        refs,
        warnings,
        n: {
            ref(kind, id) {
                const ref = base.ref(kind, id);
                const k = `${kind}\0${String(id)}`;
                if (!seen.has(k)) {
                    seen.add(k);
                    refs.push([kind, id, ref ?? null]);
                }
                return ref;
            },
            warn(m) {
                warnings.push(m);
                warn(m);
            },
        },
    };
}
/**
 * Asks the references a recorded run made again: the warnings they give today (reference-only objects)
 * when every answer is the same, else undefined (a referenced object was renamed, recreated or dropped).
 */
function sameRefs(refs, calls) {
    const held = [];
    const n = makeNormalizer(refs, (m) => held.push(m));
    for (const [kind, id, ref] of calls)
        if ((n.ref(kind, id) ?? null) !== ref)
            return undefined;
    return held;
}
/**
 * A JSON-config kind from its spec. Per-object `get` calls are skipped on runs where nothing changed (see
 * `fingerprint` and config-state.ts): export reuses the previous snapshot's files of an object whose list
 * entry fingerprint, id and references are those recorded in `.export-state.json`; readActual reuses the
 * normalized object recorded in the target's config state; afterApply records what the target holds.
 */
function configKind(spec) {
    /** The fingerprint hash of a list entry, when this kind can skip `get` for it. */
    const fingerprintOf = (raw) => spec.get && spec.fingerprint ? fingerprintHash(spec.fingerprint(raw)) : undefined;
    const fullObject = (client, raw) => spec.get ? spec.get(client, raw) : Promise.resolve(raw);
    /** Files `<key>.json` and `<key><suffix>` of this kind: the only ones a record may name. */
    const ownFile = (key, rel) => rel === `${spec.folder}/${key}.json` ||
        (spec.sideFiles ?? []).some((side) => rel === `${spec.folder}/${key}${side.suffix}`);
    /** What readActual recorded for each object it returned, for afterApply. */
    const readRecords = new WeakMap();
    /** Reads one target object afresh: get, normalize (recording), strip the key tag. */
    const readFresh = async (ctx, raw, fingerprint) => {
        const full = await fullObject(ctx.client, raw);
        const rec = recording(makeNormalizer(ctx.refs, () => undefined), () => undefined);
        const normalized = spec.normalize(full, rec.n);
        spec.keyTag?.strip(normalized);
        const record = fingerprint
            ? { id: spec.id(raw), fingerprint, refs: rec.refs, spec: structuredClone(normalized) }
            : undefined;
        return { normalized, record };
    };
    return {
        name: spec.name,
        folder: spec.folder,
        async export(ctx) {
            const keyed = await readKeyed(spec, ctx.client, ctx.refs, (raw, why) => ctx.report.skip(spec.name, spec.displayName(raw), why), false);
            const previous = spec.get && spec.fingerprint ? await ctx.previous.exportState(spec.name) : {};
            /** Copies an object's files from the previous snapshot when its record still holds; false if not. */
            const reuse = async (key, record) => {
                if (!record || !(`${spec.folder}/${key}.json` in record.files))
                    return false;
                const held = sameRefs(ctx.refs, record.refs);
                if (!held)
                    return false;
                const contents = new Map();
                for (const [rel, hash] of Object.entries(record.files)) {
                    if (!ownFile(key, rel))
                        return false;
                    // A file edited (or deleted) in the repository since is written afresh from the workspace.
                    const data = await ctx.previous.read(rel);
                    if (!data || config_state_sha256(data) !== hash)
                        return false;
                    contents.set(rel, data);
                }
                for (const [rel, data] of contents) {
                    ctx.out.claim(rel);
                    await ctx.out.write(rel, data);
                }
                for (const m of [...held, ...record.warnings])
                    ctx.report.warn(spec.name, key, m);
                ctx.out.setState(spec.name, key, { ...record });
                return true;
            };
            await Promise.all(keyed.map(async ({ raw, key }) => {
                const fingerprint = fingerprintOf(raw);
                if (fingerprint) {
                    const record = parseExportRecord(previous[key]);
                    if (recordMatches(record, spec.id(raw), fingerprint) && (await reuse(key, record))) {
                        ctx.report.count(spec.name, 'unchanged');
                        ctx.progress?.(spec.name, key);
                        return;
                    }
                }
                const full = await fullObject(ctx.client, raw);
                const warn = (m) => ctx.report.warn(spec.name, key, m);
                const rec = recording(makeNormalizer(ctx.refs, warn), warn);
                const file = `${spec.folder}/${key}.json`;
                ctx.out.claim(file);
                const normalized = spec.normalize(full, rec.n);
                spec.keyTag?.strip(normalized);
                const files = {};
                for (const side of spec.sideFiles ?? []) {
                    const part = side.extract(normalized);
                    if (part === undefined)
                        continue;
                    const sideFile = `${spec.folder}/${key}${side.suffix}`;
                    ctx.out.claim(sideFile);
                    await ctx.out.writeJson(sideFile, part);
                    files[sideFile] = config_state_sha256(stableJson(part));
                }
                await ctx.out.writeJson(file, normalized);
                files[file] = config_state_sha256(stableJson(normalized));
                if (fingerprint) {
                    const record = {
                        id: spec.id(raw),
                        fingerprint,
                        refs: rec.refs,
                        warnings: rec.warnings,
                        files,
                    };
                    ctx.out.setState(spec.name, key, { ...record });
                }
                ctx.report.count(spec.name, 'exported');
                ctx.progress?.(spec.name, key);
            }));
        },
        async readDesired(snapshot, options = {}) {
            const out = [];
            // Side files first, by key, so each main file can be combined with its parts.
            const parts = new Map();
            const mains = [];
            for (const rel of snapshot.filesUnder(spec.folder)) {
                const source = `${spec.folder}/${rel}`;
                const side = spec.sideFiles?.find((f) => rel.endsWith(f.suffix) && !rel.includes('/'));
                if (!side) {
                    mains.push(rel);
                    continue;
                }
                const key = rel.slice(0, -side.suffix.length);
                if (!config_kind_KEY.test(key))
                    throw new SnapshotError(source, `'${key}' is not a valid key (letters, digits, _ and -)`);
                if (!snapshot.has(`${spec.folder}/${key}.json`))
                    throw new SnapshotError(source, `belongs to ${spec.folder}/${key}.json, which is missing`);
                const value = await snapshot.readJson(source);
                if (!isJsonObject(value))
                    throw new SnapshotError(source, 'must hold a JSON object');
                await checkSnapshotObject(snapshot, source, value, side.validate);
                if (!parts.has(key))
                    parts.set(key, new Map());
                parts.get(key)?.set(side, value);
            }
            for (const rel of mains) {
                const source = `${spec.folder}/${rel}`;
                if (!rel.endsWith('.json') || rel.includes('/'))
                    throw new SnapshotError(source, `only <key>.json files belong in ${spec.folder}/`);
                const key = rel.slice(0, -'.json'.length);
                if (!config_kind_KEY.test(key))
                    throw new SnapshotError(source, `'${key}' is not a valid key (letters, digits, _ and -)`);
                const value = await snapshot.readJson(source);
                if (!isJsonObject(value))
                    throw new SnapshotError(source, 'must hold a JSON object');
                await checkSnapshotObject(snapshot, source, value, spec.validate);
                let combined = value;
                for (const side of spec.sideFiles ?? [])
                    combined = side.combine(combined, parts.get(key)?.get(side), options, 'desired');
                out.push({ kind: spec.name, key, spec: combined, refs: collectRefs(combined).refs, source });
            }
            return out;
        },
        async readActual(ctx) {
            // The state is read beside the listing (one request per run, shared by every kind).
            const state = spec.get && spec.fingerprint ? targetState(ctx.client, ctx.refs) : undefined;
            state?.catch(() => undefined);
            const keyed = await readKeyed(spec, ctx.client, ctx.refs, () => undefined, true);
            const recorded = state ? ((await state).kinds[spec.name] ?? {}) : {};
            return Promise.all(keyed.map(async ({ raw, key }) => {
                const fingerprint = fingerprintOf(raw);
                let normalized;
                let record;
                if (fingerprint) {
                    const r = recorded[key];
                    if (r && recordMatches(r, spec.id(raw), fingerprint) && sameRefs(ctx.refs, r.refs)) {
                        normalized = structuredClone(r.spec);
                        record = r;
                    }
                }
                if (!normalized)
                    ({ normalized, record } = await readFresh(ctx, raw, fingerprint));
                for (const side of spec.sideFiles ?? [])
                    normalized = side.combine(normalized, side.extract(normalized), ctx.applyOptions ?? {}, 'actual');
                const a = {
                    kind: spec.name,
                    key,
                    id: spec.id(raw),
                    spec: normalized,
                    refs: collectRefs(normalized).refs,
                    label: `'${spec.displayName(raw)}' (${String(spec.id(raw))})`,
                };
                if (record)
                    readRecords.set(a, record);
                return a;
            }));
        },
        /**
         * Records, in the target's config state, every object as readActual read it, except those this apply
         * wrote: those are listed and read again (their list entries changed), so the next plan reads nothing.
         */
        afterApply: spec.get && spec.fingerprint
            ? async (ctx, outcome) => {
                const next = {};
                for (const a of outcome.actual) {
                    const record = readRecords.get(a);
                    if (record && !outcome.written.has(a.key))
                        next[a.key] = record;
                }
                const wanted = new Set(outcome.desired.map((d) => d.key));
                if ([...outcome.written].some((k) => wanted.has(k))) {
                    try {
                        const keyed = await readKeyed(spec, ctx.client, ctx.refs, () => undefined, true);
                        await Promise.all(keyed
                            .filter(({ key }) => outcome.written.has(key))
                            .map(async ({ raw, key }) => {
                            const fingerprint = fingerprintOf(raw);
                            if (!fingerprint)
                                return;
                            const { record } = await readFresh(ctx, raw, fingerprint);
                            if (record)
                                next[key] = record;
                        }));
                    }
                    catch (error) {
                        // Unrecorded objects are only read again by the next plan.
                        ctx.log.debug(`${spec.name}: not recorded (${error.message.split('\n')[0]})`);
                    }
                }
                await recordTargetState(ctx.client, ctx.refs, spec.name, next, ctx.log);
            }
            : undefined,
        replaceFields: spec.replaceFields,
        protectedFromDelete: spec.protectedFromDelete,
        async apply(ctx, req) {
            if (req.action === 'delete' || req.action === 'replace') {
                if (!req.actual)
                    throw new Error(`no target object for ${spec.name}.${req.key}`);
                await spec.remove(ctx.client, req.actual.id);
                if (req.action === 'delete')
                    return undefined;
            }
            let resolved = req.resolved;
            if (!isJsonObject(resolved))
                throw new Error(`no desired state for ${spec.name}.${req.key}`);
            const name = spec.keyTag?.name(resolved);
            if (spec.keyTag && name !== undefined && keyFromName(name) !== req.key)
                resolved = spec.keyTag.set(resolved, req.key);
            if (req.action === 'update' && req.actual) {
                await spec.update(ctx.client, req.actual.id, resolved, ctx, req);
                return req.actual.id;
            }
            return spec.create(ctx.client, resolved, ctx);
        },
    };
}
/** A key tag kept in a `{name: value}` tags field of the object (jobs' `tags`, clusters' `custom_tags`). */
function mapKeyTag(tagsField, nameField, rawTags) {
    return {
        read(raw) {
            const tags = rawTags(raw);
            const value = isJsonObject(tags) ? tags[KEY_TAG] : undefined;
            return typeof value === 'string' ? value : undefined;
        },
        name: (spec) => (typeof spec[nameField] === 'string' ? spec[nameField] : undefined),
        set(spec, key) {
            const tags = isJsonObject(spec[tagsField]) ? spec[tagsField] : {};
            return { ...spec, [tagsField]: { ...tags, [KEY_TAG]: key } };
        },
        strip(spec) {
            const tags = spec[tagsField];
            if (!isJsonObject(tags) || !(KEY_TAG in tags))
                return;
            const rest = Object.fromEntries(Object.entries(tags).filter(([k]) => k !== KEY_TAG));
            if (Object.keys(rest).length)
                spec[tagsField] = rest;
            else
                delete spec[tagsField];
        },
    };
}

;// CONCATENATED MODULE: ./src/resources/compute-common.ts
/** Helpers shared by the compute kinds (clusters, instance pools, cluster policies). Pure. */


/** Copies the listed fields that are present (not undefined/null). */
function compute_common_pick(raw, fields) {
    const out = {};
    for (const f of fields)
        if (raw[f] !== undefined && raw[f] !== null)
            out[f] = raw[f];
    return out;
}
/** Drops top-level `{}` and `[]`: the API treats them as absent and some answers add them. */
function dropEmpty(obj) {
    for (const [k, v] of Object.entries(obj))
        if ((Array.isArray(v) && v.length === 0) || (isJsonObject(v) && Object.keys(v).length === 0))
            delete obj[k];
    return obj;
}
/** Start of the key in the reference written for an id that no exported object has. */
const UNEXPORTED = 'unexported_';
/**
 * A reference that never resolves, written where an id names an object that was not exported (another
 * kind, a deleted object): `${resources.<kind>.unexported_<id>.id}`. The raw id would mean nothing, or
 * another object, in the target; the marker makes apply stop before writing anything (see
 * `unexportedField`), and the file still says which object it was.
 */
function unexportedRef(kind, id) {
    return refString(kind, `${UNEXPORTED}${String(id).replace(/[^A-Za-z0-9_-]/g, '_')}`);
}
/** The reference for an id, or the unexported marker with a warning that starts with `what`. */
function refOrMarker(kind, id, n, what) {
    const ref = n.ref(kind, id);
    if (ref)
        return ref;
    const marker = unexportedRef(kind, id);
    n.warn(`${what}; written as ${marker}, which apply refuses until that object is exported too or the field is edited`);
    return marker;
}
/**
 * Turns the id in `obj[field]` into a reference to `kind`. An id that matches no object of that kind is
 * reported and, with `unexported: 'mark'`, replaced by the unexported marker; with 'keep' (kinds that have
 * not moved to markers yet) it stays as it is.
 */
function refField(obj, field, kind, n, where = field, unexported = 'keep') {
    const id = obj[field];
    if (typeof id !== 'string' || id === '' || id.startsWith('${'))
        return;
    const what = `${where} '${id}' matches no exported ${kind} object`;
    if (unexported === 'mark')
        obj[field] = refOrMarker(kind, id, n, what);
    else {
        const ref = n.ref(kind, id);
        if (ref)
            obj[field] = ref;
        else
            n.warn(`${what}: kept as is`);
    }
}
/**
 * For `validate`: names the first field of a snapshot file that holds an unexported marker, so apply stops
 * before anything is written with a message that says which field and which object.
 */
function unexportedField(value, path = '') {
    if (typeof value === 'string') {
        const ref = parseRef(value);
        if (!ref?.key.startsWith(UNEXPORTED))
            return undefined;
        return `${path || 'the value'} is ${value}: the ${ref.kind} object '${ref.key.slice(UNEXPORTED.length)}' it named was not exported, so it has no counterpart in the target; export it too, or set the field to an object of the target`;
    }
    if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) {
            const found = unexportedField(v, `${path}[${i}]`);
            if (found)
                return found;
        }
    }
    else if (isJsonObject(value))
        for (const [k, v] of Object.entries(value)) {
            const found = unexportedField(v, path ? `${path}.${k}` : k);
            if (found)
                return found;
        }
    return undefined;
}
/** A canonical text of a JSON value (keys sorted), to compare libraries as a set. */
function canonical(value) {
    return toJson(sortKeys(value));
}
/** Libraries in a canonical order, so the order the API lists them in never shows as a change. */
function sortLibraries(libraries) {
    return [...libraries].sort((a, b) => canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0);
}
const LIBRARY_TYPES = ['jar', 'whl', 'egg', 'requirements', 'pypi', 'maven', 'cran'];
/** A message when `value` is not a list of Library objects (exactly one known key each, §7). */
function invalidLibraries(value, field = 'libraries') {
    if (value === undefined)
        return undefined;
    if (!Array.isArray(value))
        return `'${field}' must be a list`;
    for (const [i, lib] of value.entries()) {
        const keys = isJsonObject(lib) ? Object.keys(lib) : [];
        if (keys.length !== 1 || !LIBRARY_TYPES.includes(keys[0]))
            return `${field}[${i}] must have exactly one of ${LIBRARY_TYPES.join(', ')}`;
    }
    return undefined;
}
/** The top-level field a FieldChange path is about (`custom_tags["a b"]` -> `custom_tags`). */
function topField(path) {
    return path.split(/[.[]/)[0];
}

;// CONCATENATED MODULE: ./src/resources/jobs.ts





/** Blocks that start runs without anyone asking; they live in the side file. */
const SCHEDULE_FIELDS = ['schedule', 'trigger', 'continuous', 'triggers'];
/**
 * Settings fields the service decides (§10.1 "Read-only"): `format` is ignored on write; `deployment` is
 * dropped too because it says a bundle deployment owns the job, and no bundle was deployed on the target.
 */
const OUTPUT_ONLY_SETTINGS = ['format', 'deployment'];
/** Task fields that make settings a legacy 2.0 single-task job when they sit at the top level. */
const SINGLE_TASK_MARKERS = [
    'notebook_task',
    'spark_jar_task',
    'spark_python_task',
    'spark_submit_task',
    'python_wheel_task',
    'pipeline_task',
];
function isSingleTask(settings) {
    return !Array.isArray(settings.tasks) && SINGLE_TASK_MARKERS.some((f) => settings[f] !== undefined);
}
function scheduleMode(options) {
    if (options?.activateSchedules && options.pauseSchedules)
        throw new PlanError('activate-schedules and pause-schedules cannot be used together: choose one');
    return options?.activateSchedules ? 'activate' : options?.pauseSchedules ? 'pause' : 'keep';
}
// ----- ids → references (§10.2) -------------------------------------------------------------------------
/**
 * Replaces `holder[field]` by a reference to `kind`; an id no exported object has becomes the unexported
 * marker (reported on export, refused on apply).
 */
function jobs_refField(holder, field, kind, n, where) {
    if (!isJsonObject(holder))
        return;
    const id = holder[field];
    if (id === undefined || id === null || id === '' || parseRef(id))
        return;
    holder[field] = refOrMarker(kind, id, n, `${where}.${field}: no exported ${kind} object has the id ${String(id)}`);
}
/**
 * An id of something outside the workspace (an account-level policy, a Unity Catalog object named the same
 * in every workspace of the metastore, a job in another service): the same value is right in the target,
 * so it is kept, and reported so that nobody mistakes it for a mapped reference.
 */
function externalField(holder, field, n, where, what) {
    if (!isJsonObject(holder))
        return;
    const id = holder[field];
    if (id === undefined || id === null || id === '')
        return;
    n.warn(`${where}.${field} '${String(id)}' kept as is: external object (${what})`);
}
function eachObject(list, fn) {
    if (Array.isArray(list))
        list.forEach((item, i) => isJsonObject(item) && fn(item, i));
}
function clusterSpec(cluster, n, where) {
    jobs_refField(cluster, 'policy_id', 'cluster_policies', n, where);
    jobs_refField(cluster, 'instance_pool_id', 'instance_pools', n, where);
    jobs_refField(cluster, 'driver_instance_pool_id', 'instance_pools', n, where);
}
function webhooks(holder, n, where) {
    if (!isJsonObject(holder))
        return;
    for (const [event, list] of Object.entries(holder))
        eachObject(list, (d, i) => jobs_refField(d, 'id', 'notification_destinations', n, `${where}.${event}[${i}]`));
}
function sqlCondition(holder, n, where) {
    if (!isJsonObject(holder))
        return;
    jobs_refField(holder.sql_condition, 'warehouse_id', 'sql_warehouses', n, `${where}.sql_condition`);
    jobs_refField(holder.sql_condition, 'sql_query_id', 'queries', n, `${where}.sql_condition`);
}
/** Ids in a task that name objects outside the workspace (§10.2): task type, field, what it names. */
const EXTERNAL_TASK_FIELDS = [
    ['power_bi_task', 'connection_resource_name', 'a Unity Catalog connection, by name'],
    ['power_bi_task', 'power_bi_gateway_id', 'a Power BI gateway'],
    ['dbt_cloud_task', 'connection_resource_name', 'a Unity Catalog connection, by name'],
    ['dbt_cloud_task', 'dbt_cloud_job_id', 'a dbt Cloud job'],
    ['dbt_platform_task', 'connection_resource_name', 'a Unity Catalog connection, by name'],
    ['dbt_platform_task', 'dbt_platform_job_id', 'a dbt platform job'],
    ['clean_rooms_notebook_task', 'clean_room_name', 'a Unity Catalog clean room, by name'],
];
/** One task (or the top of a legacy single-task job); recursive through for_each_task. */
function taskRefs(task, n, where) {
    jobs_refField(task, 'existing_cluster_id', 'clusters', n, where);
    clusterSpec(task.new_cluster, n, `${where}.new_cluster`);
    if (isJsonObject(task.run_job_task))
        jobs_refField(task.run_job_task, 'job_id', 'jobs', n, `${where}.run_job_task`);
    jobs_refField(task.pipeline_task, 'pipeline_id', 'pipelines', n, `${where}.pipeline_task`);
    for (const t of ['notebook_task', 'dbt_task', 'power_bi_task', 'dashboard_task', 'alert_task'])
        jobs_refField(task[t], 'warehouse_id', 'sql_warehouses', n, `${where}.${t}`);
    const sql = task.sql_task;
    if (isJsonObject(sql)) {
        const w = `${where}.sql_task`;
        jobs_refField(sql, 'warehouse_id', 'sql_warehouses', n, w);
        jobs_refField(sql.query, 'query_id', 'queries', n, `${w}.query`);
        jobs_refField(sql.dashboard, 'dashboard_id', 'dashboards', n, `${w}.dashboard`);
        jobs_refField(sql.alert, 'alert_id', 'alerts', n, `${w}.alert`);
        for (const part of ['alert', 'dashboard'])
            if (isJsonObject(sql[part]))
                eachObject(sql[part].subscriptions, (s, i) => jobs_refField(s, 'destination_id', 'notification_destinations', n, `${w}.${part}.subscriptions[${i}]`));
    }
    const dashboard = task.dashboard_task;
    if (isJsonObject(dashboard)) {
        jobs_refField(dashboard, 'dashboard_id', 'dashboards', n, `${where}.dashboard_task`);
        if (isJsonObject(dashboard.subscription))
            eachObject(dashboard.subscription.subscribers, (s, i) => jobs_refField(s, 'destination_id', 'notification_destinations', n, `${where}.dashboard_task.subscription.subscribers[${i}]`));
    }
    const alert = task.alert_task;
    if (isJsonObject(alert)) {
        jobs_refField(alert, 'alert_id', 'alerts', n, `${where}.alert_task`);
        eachObject(alert.subscribers, (s, i) => jobs_refField(s, 'destination_id', 'notification_destinations', n, `${where}.alert_task.subscribers[${i}]`));
    }
    for (const [type, field, what] of EXTERNAL_TASK_FIELDS)
        externalField(task[type], field, n, `${where}.${type}`, what);
    // Workspace objects this tool does not export (§10.2): markers, so apply stops rather than guess.
    if (isJsonObject(task.gen_ai_compute_task))
        jobs_refField(task.gen_ai_compute_task.compute, 'gpu_node_pool_id', 'gpu_node_pools', n, `${where}.gen_ai_compute_task.compute`);
    jobs_refField(task.genie_task, 'configuration_id', 'genie_spaces', n, `${where}.genie_task`);
    webhooks(task.webhook_notifications, n, `${where}.webhook_notifications`);
    if (isJsonObject(task.for_each_task) && isJsonObject(task.for_each_task.task)) {
        const inner = task.for_each_task.task;
        taskRefs(inner, n, `${where}.for_each_task.task`);
    }
}
/**
 * A job as the snapshot stores it: its settings without output-only fields, every id a reference where
 * the object was exported. Schedules are still in; the side file spec takes them out. Pure.
 */
function normalizeJob(raw, n) {
    const settings = isJsonObject(raw.settings) ? structuredClone(raw.settings) : {};
    for (const field of OUTPUT_ONLY_SETTINGS)
        delete settings[field];
    if (isJsonObject(settings.git_source))
        delete settings.git_source.git_snapshot;
    eachObject(settings.tasks, (task, i) => taskRefs(task, n, `tasks[${String(task.task_key ?? i)}]`));
    eachObject(settings.job_clusters, (jc, i) => {
        const where = `job_clusters[${String(jc.job_cluster_key ?? i)}]`;
        clusterSpec(jc.new_cluster, n, `${where}.new_cluster`);
        jobs_refField(jc, 'serverless_compute_id', 'serverless_compute', n, where);
    });
    if (isSingleTask(settings))
        taskRefs(settings, n, 'settings');
    webhooks(settings.webhook_notifications, n, 'webhook_notifications');
    // Budget and usage policies are account-level objects: the same id is valid in every workspace.
    for (const field of ['budget_policy_id', 'usage_policy_id'])
        externalField(settings, field, n, 'settings', 'an account-level policy');
    sqlCondition(settings.schedule, n, 'schedule');
    sqlCondition(settings.trigger, n, 'trigger');
    eachObject(settings.triggers, (t, i) => sqlCondition(t, n, `triggers[${i}]`));
    return settings;
}
// ----- schedules: the side file -------------------------------------------------------------------------
function withPause(block, status) {
    if (Array.isArray(block))
        return block.map((b) => withPause(b, status));
    if (!isJsonObject(block))
        return block;
    return { ...block, pause_status: status(block.pause_status) };
}
const scheduleSideFile = {
    suffix: '.schedule.json',
    extract(normalized) {
        const part = {};
        for (const field of SCHEDULE_FIELDS) {
            if (normalized[field] === undefined)
                continue;
            part[field] = normalized[field];
            delete normalized[field];
        }
        return Object.keys(part).length ? part : undefined;
    },
    combine(main, part, options, side) {
        const mode = scheduleMode(options);
        // Without an option the schedules are not managed at all: neither side shows them, so a plan never
        // touches them (and an update keeps the target's, see `update` below).
        if (mode === 'keep')
            return main;
        const out = { ...main };
        for (const field of SCHEDULE_FIELDS) {
            const block = part?.[field];
            if (block === undefined)
                continue;
            if (side === 'actual')
                out[field] = block;
            // Activation restores what the primary ran: unpaused, except what was already paused there (a job
            // paused on purpose stays paused). Pausing pauses everything recorded.
            else if (mode === 'activate')
                out[field] = withPause(block, (r) => (r === 'PAUSED' ? 'PAUSED' : 'UNPAUSED'));
            else
                out[field] = withPause(block, () => 'PAUSED');
        }
        return out;
    },
    validate(part) {
        const extra = Object.keys(part).filter((k) => !SCHEDULE_FIELDS.includes(k));
        if (extra.length)
            return `unexpected field '${extra[0]}': only ${SCHEDULE_FIELDS.join(', ')} belong here`;
        return unexportedField(part);
    },
};
/** Arrays that `jobs/get` 2.2 pages (§10 "2.2: loop while next_page_token present"). */
const PAGED_ARRAYS = ['tasks', 'job_clusters', 'parameters', 'environments'];
/** The full job: 2.2 answers at most 100 tasks (etc.) per call, so follow next_page_token and append. */
async function getJob(client, jobId) {
    const job = await client.get('/api/2.2/jobs/get', { job_id: String(jobId) });
    const seen = new Set();
    let token = job.next_page_token;
    while (typeof token === 'string' && token !== '') {
        if (seen.has(token))
            throw new Error(`jobs/get ${String(jobId)} returned the page token '${token}' twice`);
        seen.add(token);
        const page = await client.get('/api/2.2/jobs/get', { job_id: String(jobId), page_token: token });
        const into = isJsonObject(job.settings) ? job.settings : (job.settings = {});
        const from = isJsonObject(page.settings) ? page.settings : {};
        for (const field of PAGED_ARRAYS) {
            const more = from[field];
            if (!Array.isArray(more))
                continue;
            into[field] = [...(Array.isArray(into[field]) ? into[field] : []), ...more];
        }
        token = page.next_page_token;
    }
    delete job.next_page_token;
    return job;
}
function apiBase(settings) {
    // Single-task settings are the 2.0 form; only the 2.0 endpoints take them (see the header comment).
    return isSingleTask(settings) ? '/api/2.0/jobs' : '/api/2.2/jobs';
}
const spec = {
    name: 'jobs',
    folder: 'jobs',
    async list(client) {
        const jobs = [];
        // expand_tasks gives complete settings for most jobs in the list call itself; `get` fetches the rest.
        for await (const job of client.paginate('/api/2.2/jobs/list', 'jobs', {
            limit: 100,
            expand_tasks: true,
        }))
            jobs.push(job);
        return jobs;
    },
    // No `fingerprint` on purpose: jobs/get is only called for a job whose list entry is truncated (has_more:
    // the first 100 tasks, job clusters, parameters, environments), and an edit of the 101st task leaves that
    // entry unchanged, so the entry cannot vouch for the job. Every other job is complete in the list anyway.
    async get(client, raw) {
        return raw.has_more === true || !isJsonObject(raw.settings) ? getJob(client, raw.job_id) : raw;
    },
    id: (raw) => raw.job_id,
    displayName: (raw) => {
        const name = isJsonObject(raw.settings) ? raw.settings.name : undefined;
        return typeof name === 'string' && name !== '' ? name : 'Untitled';
    },
    // Jobs with one name keep their keys across runs: the oldest gets the plain key.
    order: (a, b) => Number(a.created_time ?? 0) - Number(b.created_time ?? 0) || Number(a.job_id) - Number(b.job_id),
    normalize: normalizeJob,
    validate(settings) {
        if (typeof settings.name !== 'string' || settings.name === '')
            return "a job needs a 'name'";
        const scheduled = SCHEDULE_FIELDS.find((f) => settings[f] !== undefined);
        if (scheduled)
            return `'${scheduled}' belongs in the .schedule.json file beside this one, so that apply never starts a job before cutover`;
        return unexportedField(settings);
    },
    async create(client, settings) {
        const answer = await client.post(`${apiBase(settings)}/create`, settings);
        if (answer.job_id === undefined)
            throw new Error('jobs/create answered without a job_id');
        return answer.job_id;
    },
    async update(client, id, settings, ctx) {
        let next = settings;
        if (scheduleMode(ctx.options) === 'keep') {
            // reset replaces everything: carry the target's own schedules over, since without an option the
            // snapshot says nothing about them (after cutover the secondary's schedules must survive a sync).
            const current = await client.get('/api/2.2/jobs/get', { job_id: String(id) });
            const kept = isJsonObject(current.settings) ? current.settings : {};
            next = { ...settings };
            for (const field of SCHEDULE_FIELDS)
                if (kept[field] !== undefined)
                    next[field] = kept[field];
        }
        await client.post(`${apiBase(next)}/reset`, { job_id: id, new_settings: next }, { idempotent: true });
    },
    async remove(client, id) {
        await client.post('/api/2.2/jobs/delete', { job_id: id });
    },
    sideFiles: [scheduleSideFile],
    keyTag: mapKeyTag('tags', 'name', (raw) => (isJsonObject(raw.settings) ? raw.settings.tags : undefined)),
};
const jobsKind = configKind(spec);

;// CONCATENATED MODULE: ./src/resources/instance-pools.ts


const INSTANCE_POOLS = 'instance_pools';
/** CreateInstancePool (§5): everything a user can set. */
const POOL_FIELDS = [
    'instance_pool_name',
    'node_type_id',
    'aws_attributes',
    'azure_attributes',
    'gcp_attributes',
    'custom_tags',
    'disk_spec',
    'enable_elastic_disk',
    'idle_instance_autotermination_minutes',
    'max_capacity',
    'min_idle_instances',
    'preloaded_spark_versions',
    'preloaded_docker_images',
    'node_type_flexibility',
    'enable_auto_alternate_node_types',
    'remote_disk_throughput',
    'total_initial_remote_disk_size',
];
/**
 * EditInstancePool's optional fields (§5). The name is editable too. `node_type_id` is required by edit
 * but the reference lists it with the fixed fields' siblings, and Terraform forces a new pool when it
 * changes: treated as not editable.
 */
const EDITABLE = new Set([
    'instance_pool_name',
    'custom_tags',
    'idle_instance_autotermination_minutes',
    'max_capacity',
    'min_idle_instances',
    'enable_auto_alternate_node_types',
    'remote_disk_throughput',
    'total_initial_remote_disk_size',
]);
const instance_pools_spec = {
    name: INSTANCE_POOLS,
    folder: 'instance-pools',
    async list(client) {
        const page = await client.get('/api/2.0/instance-pools/list');
        return page.instance_pools ?? [];
    },
    id: (raw) => raw.instance_pool_id,
    displayName: (raw) => String(raw.instance_pool_name ?? raw.instance_pool_id),
    // Stripped: instance_pool_id, default_tags, state, stats, status (output-only, §5).
    normalize: (raw) => dropEmpty(compute_common_pick(raw, POOL_FIELDS)),
    validate(value) {
        if (typeof value.instance_pool_name !== 'string' || value.instance_pool_name === '')
            return "'instance_pool_name' is required";
        if (typeof value.node_type_id !== 'string' || value.node_type_id === '')
            return "'node_type_id' is required";
        const unknown = Object.keys(value).filter((k) => !POOL_FIELDS.includes(k));
        if (unknown.length)
            return `unknown field(s) ${unknown.join(', ')}`;
        return undefined;
    },
    async create(client, value) {
        const answer = await client.post('/api/2.0/instance-pools/create', value);
        return answer.instance_pool_id;
    },
    async update(client, id, value) {
        // Edit takes the id, name and node type plus the editable fields only; leaving one out clears it.
        const body = { instance_pool_id: id, node_type_id: value.node_type_id };
        for (const [k, v] of Object.entries(value))
            if (EDITABLE.has(k))
                body[k] = v;
        await client.post('/api/2.0/instance-pools/edit', body, { idempotent: true });
    },
    async remove(client, id) {
        await client.post('/api/2.0/instance-pools/delete', { instance_pool_id: id }, { idempotent: true });
    },
    replaceFields(changes) {
        return [...new Set(changes.map((c) => topField(c.path)).filter((f) => !EDITABLE.has(f)))];
    },
};
const instancePoolsKind = configKind(instance_pools_spec);

;// CONCATENATED MODULE: ./src/resources/cluster-policies.ts
/**
 * Cluster policies (reference §6): `cluster-policies/<key>.json`. The API carries `definition` as a JSON
 * document inside a string; the file holds it parsed, so a diff shows which rule changed, and apply
 * serializes it back. Pool ids inside definitions become references. Databricks-managed default policies
 * ("Personal Compute", `is_default`) are not exported and never deleted, but may be referenced.
 */




const CLUSTER_POLICIES = 'cluster_policies';
/** Policy rule paths whose values are instance pool ids (§6). */
const POOL_PATHS = new Set(['instance_pool_id', 'driver_instance_pool_id']);
/** Turns pool ids in the rules for pool fields into references (`value`, `defaultValue`, `values[]`). */
function refPools(definition, n, field) {
    for (const [path, rule] of Object.entries(definition)) {
        if (!POOL_PATHS.has(path) || !isJsonObject(rule))
            continue;
        const one = (id) => typeof id !== 'string' || id === ''
            ? id
            : refOrMarker(INSTANCE_POOLS, id, n, `${field} rule ${path}: instance pool '${id}' matches no exported pool`);
        for (const k of ['value', 'defaultValue'])
            if (rule[k] !== undefined)
                rule[k] = one(rule[k]);
        if (Array.isArray(rule.values))
            rule.values = rule.values.map(one);
    }
    return definition;
}
/** A JSON-in-a-string field, parsed; text that is not a JSON object stays text (with a warning). */
function parsed(text, n, field) {
    if (typeof text !== 'string')
        return text ?? undefined;
    try {
        const value = parseJson(text);
        if (isJsonObject(value))
            return refPools(value, n, field);
    }
    catch {
        // fall through: kept as the API gave it
    }
    n.warn(`${field} is not a JSON object: stored as text`);
    return text;
}
const cluster_policies_spec = {
    name: CLUSTER_POLICIES,
    folder: 'cluster-policies',
    async list(client) {
        const page = await client.get('/api/2.0/policies/clusters/list');
        return page.policies ?? [];
    },
    id: (raw) => raw.policy_id,
    displayName: (raw) => String(raw.name ?? raw.policy_id),
    referenceOnly: (raw) => (raw.is_default === true ? 'a Databricks-managed default policy' : undefined),
    order: (a, b) => String(a.name).localeCompare(String(b.name)) ||
        Number(a.created_at_timestamp ?? 0) - Number(b.created_at_timestamp ?? 0) ||
        String(a.policy_id).localeCompare(String(b.policy_id)),
    normalize(raw, n) {
        // Stripped: policy_id, created_at_timestamp, creator_user_name, is_default, background_enforcement.
        const out = compute_common_pick(raw, [
            'name',
            'description',
            'libraries',
            'max_clusters_per_user',
            'auto_enforcement_config',
        ]);
        if (typeof raw.policy_family_id === 'string' && raw.policy_family_id !== '') {
            // A family policy's `definition` is the effective one (family + overrides): only the overrides are ours.
            out.policy_family_id = raw.policy_family_id;
            const overrides = parsed(raw.policy_family_definition_overrides, n, 'policy_family_definition_overrides');
            if (overrides !== undefined)
                out.policy_family_definition_overrides = overrides;
        }
        else {
            out.definition = parsed(raw.definition, n, 'definition') ?? {};
        }
        if (Array.isArray(out.libraries) && out.libraries.length === 0)
            delete out.libraries;
        return out;
    },
    validate(value) {
        if (typeof value.name !== 'string' || value.name === '')
            return "'name' is required";
        for (const f of ['definition', 'policy_family_definition_overrides'])
            if (value[f] !== undefined && !isJsonObject(value[f]) && typeof value[f] !== 'string')
                return `'${f}' must be a JSON object`;
        if (value.policy_family_id !== undefined && value.definition !== undefined)
            return "'definition' and 'policy_family_id' exclude each other: use 'policy_family_definition_overrides'";
        return unexportedField(value) ?? invalidLibraries(value.libraries);
    },
    async create(client, value) {
        const answer = await client.post('/api/2.0/policies/clusters/create', toApi(value));
        return answer.policy_id;
    },
    async update(client, id, value) {
        await client.post('/api/2.0/policies/clusters/edit', { ...toApi(value), policy_id: id }, { idempotent: true });
    },
    async remove(client, id) {
        await client.post('/api/2.0/policies/clusters/delete', { policy_id: id }, { idempotent: true });
    },
};
/** The definitions back into JSON strings, as the API takes them. */
function toApi(value) {
    const body = { ...value };
    for (const f of ['definition', 'policy_family_definition_overrides'])
        if (isJsonObject(body[f]))
            body[f] = toJson(body[f]);
    return body;
}
const clusterPoliciesKind = configKind(cluster_policies_spec);

;// CONCATENATED MODULE: ./src/resources/clusters.ts
/**
 * All-purpose clusters (reference §4) with their libraries (§7): `clusters/<key>.json`, keyed by name.
 * The file is what the user set: the `spec` of clusters/get (exactly what create/edit was sent), completed
 * from the details' CreateCluster fields when the spec is partial. Pools and policies are references. Clusters created by jobs, pipelines, SQL or model serving are not ours.
 */







const CLUSTERS = 'clusters';
/** CreateCluster fields (§4.1) minus `clone_from`, which is create-only and means nothing in a file. */
const CLUSTER_FIELDS = [
    'cluster_name',
    'spark_version',
    'apply_policy_default_values',
    'autoscale',
    'autotermination_minutes',
    'aws_attributes',
    'azure_attributes',
    'cluster_log_conf',
    'custom_tags',
    'data_security_mode',
    'dependency_mode',
    'docker_image',
    'driver_instance_pool_id',
    'driver_node_type_flexibility',
    'driver_node_type_id',
    'enable_elastic_disk',
    'enable_local_disk_encryption',
    'gcp_attributes',
    'init_scripts',
    'instance_pool_id',
    'is_single_node',
    'kind',
    'node_type_id',
    'num_workers',
    'policy_id',
    'remote_disk_throughput',
    'runtime_engine',
    'single_user_name',
    'spark_conf',
    'spark_env_vars',
    'ssh_public_keys',
    'total_initial_remote_disk_size',
    'use_ml_runtime',
    'worker_node_type_flexibility',
    'workload_type',
];
/** Output-only fields (§4.2); dropped from `spec` too in case a server ever echoes one there. */
const OUTPUT_ONLY = new Set([
    'cluster_id',
    'cluster_cores',
    'cluster_memory_mb',
    'cluster_log_status',
    'cluster_source',
    'creator_user_name',
    'default_tags',
    'driver',
    'executors',
    'jdbc_port',
    'last_restarted_time',
    'last_state_loss_time',
    'spark_context_id',
    'spec',
    'start_time',
    'state',
    'state_message',
    'terminated_time',
    'termination_reason',
    'effective_spark_version',
    'disk_spec',
    'instance_source',
    'driver_instance_source',
    'init_scripts_safe_mode',
    'last_activity_time',
    'driver_healthy',
    'pinned_by_user_name',
    'assigned_principal',
    'terminate_time',
    'clone_from',
    'library_statuses',
]);
/**
 * Fields of a clusters/list entry that change while the cluster runs, starts or stops, never because its
 * settings did: left out of the fingerprint. Every other field (the settings echoed at the top of the
 * entry, custom and default tags, ids of pools and policy) changes when the cluster is edited.
 */
const VOLATILE = [
    'state',
    'state_message',
    'start_time',
    'terminated_time',
    'termination_reason',
    'last_restarted_time',
    'last_state_loss_time',
    'last_activity_time',
    'spark_context_id',
    'driver',
    'executors',
    'cluster_memory_mb',
    'cluster_cores',
    'jdbc_port',
    'driver_healthy',
    'cluster_log_status',
    'terminate_time',
];
/** Not user-managed: their owners (jobs, pipelines, warehouses, serving) recreate them (§4.2). */
const FOREIGN_SOURCES = new Set(['JOB', 'PIPELINE', 'PIPELINE_MAINTENANCE', 'SQL', 'MODELS']);
/** Libraries the user attached to this cluster: not the all-cluster ones, not those on their way out (§7). */
function clusterLibraries(raw) {
    const statuses = asArray(raw.library_statuses);
    return sortLibraries(statuses
        .filter((s) => s.library !== undefined && !s.is_library_for_all_clusters && s.status !== 'UNINSTALL_ON_RESTART')
        .map((s) => s.library));
}
/**
 * The user-settable fields. A full `spec` is exactly what create/edit was sent: kept whole (fields newer
 * than this code included), since the details add server defaults that a target may fill in differently.
 * Real answers also carry partial specs (the anonymised syncsparkpy fixtures hold `{spark_version}` only,
 * no cluster name, which every create sends or the server sets): then the CreateCluster whitelist of the
 * details fills in what the spec leaves out, the spec winning where present, without what the server
 * derives from other fields. Without a spec (older clusters) the whitelist alone.
 */
function userFields(raw) {
    const spec = isJsonObject(raw.spec) ? raw.spec : {};
    const fromSpec = () => {
        const out = {};
        for (const [k, v] of Object.entries(spec))
            if (!OUTPUT_ONLY.has(k) && k !== 'libraries')
                out[k] = v;
        return out;
    };
    if (spec.cluster_name !== undefined)
        return fromSpec();
    const out = dropEmpty(compute_common_pick(raw, CLUSTER_FIELDS));
    const derived = (field) => out[field] !== undefined && spec[field] === undefined;
    if (out.instance_pool_id !== undefined || spec.instance_pool_id !== undefined) {
        // On a pool the node types are the pools' own; sending them back is redundant.
        if (derived('node_type_id'))
            delete out.node_type_id;
        if (derived('driver_node_type_id'))
            delete out.driver_node_type_id;
    }
    if (derived('driver_instance_pool_id') && out.driver_instance_pool_id === out.instance_pool_id)
        delete out.driver_instance_pool_id;
    if (derived('driver_node_type_id') && out.driver_node_type_id === (spec.node_type_id ?? out.node_type_id))
        delete out.driver_node_type_id;
    // An autoscaling cluster's num_workers is its current size, not a setting.
    if (derived('num_workers') && (spec.autoscale ?? out.autoscale) !== undefined)
        delete out.num_workers;
    return { ...out, ...fromSpec() };
}
const clusters_spec = {
    name: CLUSTERS,
    folder: 'clusters',
    async list(client) {
        // Libraries of every cluster in one call (§7 all-cluster-statuses), not one cluster-status per cluster;
        // a cluster without libraries is not in the answer.
        const [clusters, statuses] = await Promise.all([
            (async () => {
                const out = [];
                for await (const c of client.paginate('/api/2.1/clusters/list', 'clusters', {
                    page_size: 100,
                }))
                    out.push(c);
                return out;
            })(),
            client.get('/api/2.0/libraries/all-cluster-statuses'),
        ]);
        const byCluster = new Map();
        for (const s of asArray(statuses.statuses))
            if (isJsonObject(s))
                byCluster.set(String(s.cluster_id), s.library_statuses ?? []);
        return clusters.map((c) => ({ ...c, library_statuses: byCluster.get(String(c.cluster_id)) ?? [] }));
    },
    async get(client, raw) {
        // clusters/get for `spec` (list leaves it out, §4); the libraries came with the list.
        const details = await client.get('/api/2.1/clusters/get', { cluster_id: String(raw.cluster_id) });
        return { ...details, library_statuses: raw.library_statuses ?? [] };
    },
    fingerprint(raw) {
        const out = omit(raw, VOLATILE);
        // An autoscaling cluster's num_workers is its current target size, not a setting.
        if (raw.autoscale !== undefined)
            delete out.num_workers;
        // What normalize reads of a library status: the library, whether it is for all clusters, whether it goes.
        out.library_statuses = asArray(raw.library_statuses).map((s) => ({
            library: s.library ?? null,
            all: s.is_library_for_all_clusters === true,
            leaving: s.status === 'UNINSTALL_ON_RESTART',
        }));
        return out;
    },
    id: (raw) => raw.cluster_id,
    displayName: (raw) => String(raw.cluster_name ?? raw.cluster_id),
    ignore: (raw) => typeof raw.cluster_source === 'string' && FOREIGN_SOURCES.has(raw.cluster_source)
        ? `${raw.cluster_source} cluster: created and managed by Databricks for its owner, not restored`
        : undefined,
    // Same-name clusters keep their keys: by id, which never changes (start_time does, on every restart).
    order: (a, b) => String(a.cluster_name).localeCompare(String(b.cluster_name)) ||
        String(a.cluster_id).localeCompare(String(b.cluster_id)),
    keyTag: mapKeyTag('custom_tags', 'cluster_name', (raw) => raw.custom_tags),
    normalize(raw, n) {
        const out = userFields(raw);
        refField(out, 'instance_pool_id', INSTANCE_POOLS, n, undefined, 'mark');
        refField(out, 'driver_instance_pool_id', INSTANCE_POOLS, n, undefined, 'mark');
        refField(out, 'policy_id', CLUSTER_POLICIES, n, undefined, 'mark');
        const libraries = clusterLibraries(raw);
        if (libraries.length)
            out.libraries = libraries;
        return out;
    },
    validate(value) {
        if (typeof value.cluster_name !== 'string' || value.cluster_name === '')
            return "'cluster_name' is required";
        if (typeof value.spark_version !== 'string' || value.spark_version === '')
            return "'spark_version' is required";
        const output = Object.keys(value).filter((k) => OUTPUT_ONLY.has(k));
        if (output.length)
            return `output-only field(s) ${output.join(', ')} cannot be set`;
        return unexportedField(value) ?? invalidLibraries(value.libraries);
    },
    async create(client, value, ctx) {
        const { libraries, ...body } = value;
        const answer = await client.post('/api/2.1/clusters/create', body);
        const id = answer.cluster_id;
        const wanted = asArray(libraries);
        if (wanted.length)
            await installLibraries(client, id, wanted);
        if (!ctx.options.startClusters) {
            // Create starts the cluster; a DR copy should not run (and bill) until someone needs it.
            await client.post('/api/2.1/clusters/delete', { cluster_id: id }, { idempotent: true });
            ctx.log.info(`cluster '${String(body.cluster_name)}' (${id}) created and terminated (start-clusters is off)`);
        }
        return id;
    },
    async update(client, id, value, ctx, request) {
        const { libraries, ...body } = value;
        // Only an edit of the cluster itself needs clusters/edit, which restarts a running cluster.
        if (request.changes.some((c) => !/^libraries(\[|\.|$)/.test(c.path))) {
            await client.post('/api/2.1/clusters/edit', { ...body, cluster_id: id }, { idempotent: true });
        }
        const want = asArray(libraries);
        const have = isJsonObject(request.actual?.spec) ? asArray(request.actual.spec.libraries) : [];
        const haveKeys = new Set(have.map(canonical));
        const wantKeys = new Set(want.map(canonical));
        const install = want.filter((l) => !haveKeys.has(canonical(l)));
        const uninstall = have.filter((l) => !wantKeys.has(canonical(l)));
        if (install.length)
            await installLibraries(client, id, install);
        if (uninstall.length) {
            await client.post('/api/2.0/libraries/uninstall', { cluster_id: id, libraries: uninstall }, { idempotent: true });
            ctx.log.info(`cluster ${String(id)}: ${uninstall.length} librar(ies) uninstalled, effective on restart`);
        }
    },
    async remove(client, id) {
        // Terminating would leave the cluster listed (and planned for deletion again): delete it for good.
        await client.post('/api/2.1/clusters/permanent-delete', { cluster_id: id }, { idempotent: true });
    },
};
async function installLibraries(client, id, libraries) {
    await client.post('/api/2.0/libraries/install', { cluster_id: id, libraries }, { idempotent: true });
}
const clustersKind = configKind(clusters_spec);

;// CONCATENATED MODULE: ./src/resources/repos.ts




const REPOS = 'repos';
/** Where repos can be; the API needs a prefix per area (an empty one means /Repos only). */
const PREFIXES = ['/Repos', '/Users', '/Shared'];
/** What the file holds; everything else a repo answer carries is output (id, head_commit_id, ...). */
const FIELDS = ['path', 'url', 'provider', 'branch', 'sparse_checkout'];
/**
 * Changes a PATCH can make: checking out another branch, new sparse patterns. Anything else (url,
 * provider, path, turning sparse checkout on or off) means cloning anew: a replace, which needs consent
 * because it throws away the target copy's uncommitted work.
 */
function editable(change) {
    const field = topField(change.path);
    // A file without a branch (detached HEAD at export) asks for nothing a PATCH could do: update skips it.
    if (field === 'branch')
        return true;
    if (field === 'sparse_checkout')
        return change.path !== 'sparse_checkout';
    return false;
}
function repoPath(id) {
    return `/api/2.0/repos/${encodeURIComponent(String(id))}`;
}
/** The repo as the snapshot stores it. Pure. */
function normalizeRepo(raw, warn) {
    const out = {};
    for (const f of FIELDS)
        if (raw[f] !== undefined && raw[f] !== null)
            out[f] = raw[f];
    if (isJsonObject(out.sparse_checkout)) {
        const patterns = Array.isArray(out.sparse_checkout.patterns) ? out.sparse_checkout.patterns : [];
        out.sparse_checkout = { patterns };
    }
    if (out.branch === undefined)
        warn(`detached HEAD at ${String(raw.head_commit_id)} (a tag or commit is checked out): the API does not say which, so apply leaves the clone on its default branch`);
    return out;
}
async function mkdirsParent(client, path) {
    const parent = path.slice(0, path.lastIndexOf('/'));
    // Under /Repos the service makes the `{folder}` of `/Repos/{folder}/{name}` itself; elsewhere a repo
    // needs its parent folder, like any workspace object.
    if (parent === '' || parent.startsWith('/Repos'))
        return;
    await client.post('/api/2.0/workspace/mkdirs', { path: parent }, { idempotent: true });
}
const repos_spec = {
    name: REPOS,
    folder: 'repos',
    async list(client) {
        const byId = new Map();
        for (const prefix of PREFIXES)
            // The request parameter of this API is `next_page_token`, not page_token (§14, §17).
            for await (const r of client.paginate('/api/2.0/repos', 'repos', { path_prefix: prefix }, 'next_page_token'))
                byId.set(String(r.id), r);
        return [...byId.values()];
    },
    id: (raw) => raw.id,
    // Paths are unique in a workspace, so keys never collide after folding unless two paths fold together.
    displayName: (raw) => String(raw.path ?? raw.id),
    normalize: (raw, n) => normalizeRepo(raw, (m) => n.warn(m)),
    validate(value) {
        for (const f of ['url', 'provider', 'path'])
            if (typeof value[f] !== 'string' || value[f] === '')
                return `'${f}' is required`;
        if (!String(value.path).startsWith('/'))
            return "'path' must be an absolute workspace path";
        const extra = Object.keys(value).filter((k) => !FIELDS.includes(k));
        if (extra.length)
            return `unexpected field '${extra[0]}': a repo file holds ${FIELDS.join(', ')}`;
        if (value.branch !== undefined && (typeof value.branch !== 'string' || value.branch === ''))
            return "'branch' must be a non-empty string";
        const sparse = value.sparse_checkout;
        if (sparse !== undefined &&
            !(isJsonObject(sparse) &&
                Array.isArray(sparse.patterns) &&
                sparse.patterns.every((p) => typeof p === 'string')))
            return '\'sparse_checkout\' must be {"patterns": [strings]}';
        return undefined;
    },
    async create(client, value, ctx) {
        const { branch, ...body } = value;
        await mkdirsParent(client, String(body.path));
        let answer;
        try {
            answer = await client.post('/api/2.0/repos', body);
        }
        catch (error) {
            if (error instanceof ApiError && (error.status === 400 || error.status === 403))
                ctx.log.warning(`repo ${String(body.path)}: cloning ${String(body.url)} failed; the identity apply runs as needs Git credentials for ${String(body.provider)} in the target workspace`);
            throw error;
        }
        const id = answer.id;
        if (id === undefined)
            throw new Error('repos create answered without an id');
        // Create clones the default branch; the file names the one the primary had checked out.
        if (typeof branch === 'string' && answer.branch !== branch)
            await client.request('PATCH', repoPath(id), { body: { branch } });
        return id;
    },
    async update(client, id, value, _ctx, request) {
        const patch = {};
        if (request.changes.some((c) => topField(c.path) === 'branch') && typeof value.branch === 'string')
            patch.branch = value.branch;
        if (request.changes.some((c) => topField(c.path) === 'sparse_checkout'))
            patch.sparse_checkout = value.sparse_checkout ?? null;
        if (Object.keys(patch).length)
            await client.request('PATCH', repoPath(id), { body: patch });
    },
    async remove(client, id) {
        await client.request('DELETE', repoPath(id));
    },
    replaceFields(changes) {
        return [...new Set(changes.filter((c) => !editable(c)).map((c) => topField(c.path)))];
    },
};
const reposKind = configKind(repos_spec);

;// CONCATENATED MODULE: ./src/resources/sql-warehouses.ts
/**
 * SQL warehouses (reference §16): `sql-warehouses/<key>.json`, keyed by name, holding the create fields
 * only. State, health, connection details and the undocumented fields seen in real answers are left out.
 * Jobs reference warehouses (`${resources.sql_warehouses.<key>.id}`, §10.2).
 *
 * A warehouse apply creates is stopped at once unless start-clusters is on: creating one starts it, and a
 * DR copy should not bill for compute until someone uses it (auto-resume starts it on the first query).
 */




const SQL_WAREHOUSES = 'sql_warehouses';
/**
 * CreateWarehouseRequest fields (§16) minus `creator_name`: the SDK lets a request set it, but the service
 * fills it in with the caller, so it would differ between workspaces without meaning anything.
 */
const CREATE_FIELDS = [
    'name',
    'cluster_size',
    'min_num_clusters',
    'max_num_clusters',
    'auto_stop_mins',
    'spot_instance_policy',
    'enable_photon',
    'enable_serverless_compute',
    'warehouse_type',
    'channel',
    'tags',
    'instance_profile_arn',
];
/** Output-only fields (§16) and the fixture's undocumented ones; a file holding one is refused. */
const sql_warehouses_OUTPUT_ONLY = [
    'id',
    'state',
    'health',
    'jdbc_url',
    'odbc_params',
    'num_active_sessions',
    'num_clusters',
    'creator_name',
    'creator_id',
    'size',
    'auto_resume',
];
const BASE = '/api/2.0/sql/warehouses';
/** The warehouse as the snapshot stores it. Pure. */
function normalizeWarehouse(raw) {
    const out = compute_common_pick(raw, CREATE_FIELDS);
    if (isJsonObject(out.tags)) {
        // `tags: {}` and `custom_tags: []` both mean no tags.
        const tags = dropEmpty({ ...out.tags });
        if (Object.keys(tags).length)
            out.tags = tags;
        else
            delete out.tags;
    }
    return dropEmpty(out);
}
const sql_warehouses_spec = {
    name: SQL_WAREHOUSES,
    folder: 'sql-warehouses',
    async list(client) {
        const out = [];
        for await (const w of client.paginate(BASE, 'warehouses', { page_size: 100 }))
            out.push(w);
        return out;
    },
    id: (raw) => raw.id,
    displayName: (raw) => String(raw.name ?? raw.id),
    normalize: (raw) => normalizeWarehouse(raw),
    validate(value) {
        if (typeof value.name !== 'string' || value.name === '')
            return "'name' is required";
        if (typeof value.cluster_size !== 'string' || value.cluster_size === '')
            return "'cluster_size' is required";
        const output = Object.keys(value).filter((k) => sql_warehouses_OUTPUT_ONLY.includes(k));
        if (output.length)
            return `output-only field(s) ${output.join(', ')} cannot be set`;
        const tags = value.tags;
        if (tags !== undefined && (!isJsonObject(tags) || !asArray(tags.custom_tags).every(isJsonObject)))
            return '\'tags\' must be {"custom_tags": [{"key", "value"}]}';
        return undefined;
    },
    async create(client, value, ctx) {
        const answer = await client.post(BASE, value);
        const id = answer.id;
        if (typeof id !== 'string' || id === '')
            throw new Error('sql/warehouses create answered without an id');
        if (!ctx.options.startClusters) {
            await client.post(`${BASE}/${id}/stop`, {}, { idempotent: true });
            ctx.log.info(`SQL warehouse '${String(value.name)}' (${id}) created and stopped (start-clusters is off)`);
        }
        return id;
    },
    async update(client, id, value) {
        // edit takes the whole definition; it leaves a stopped warehouse stopped.
        await client.post(`${BASE}/${String(id)}/edit`, value, { idempotent: true });
    },
    async remove(client, id) {
        await client.request('DELETE', `${BASE}/${String(id)}`);
    },
};
const sqlWarehousesKind = configKind(sql_warehouses_spec);

;// CONCATENATED MODULE: ./src/resources/pipelines.ts






const PIPELINES = 'pipelines';
/** Spec fields that make a pipeline run without anyone asking; they live in the side file. */
const PIPELINE_SCHEDULE_FIELDS = ['continuous', 'trigger'];
/**
 * Dropped from the spec: `id` is the pipeline's own id; `deployment` says a bundle deployment owns the
 * pipeline, and no bundle was deployed on the target (as for jobs).
 */
const DROPPED = ['id', 'deployment'];
/** Fields that the service refuses to change on an existing pipeline: a change needs a replace. */
const REPLACE_FIELDS = new Set(['storage']);
const pipelines_BASE = '/api/2.0/pipelines';
/** The pipeline as the snapshot stores it, schedule fields still in (the side file takes them). Pure. */
function normalizePipeline(raw, n) {
    const spec = isJsonObject(raw.spec) ? structuredClone(raw.spec) : {};
    for (const f of DROPPED)
        delete spec[f];
    // false is the default: absent and false mean the same triggered pipeline.
    if (spec.continuous === false)
        delete spec.continuous;
    if (Array.isArray(spec.clusters))
        spec.clusters.forEach((c, i) => {
            if (!isJsonObject(c))
                return;
            const where = `clusters[${String(c.label ?? i)}]`;
            refField(c, 'policy_id', CLUSTER_POLICIES, n, `${where}.policy_id`);
            refField(c, 'instance_pool_id', INSTANCE_POOLS, n, `${where}.instance_pool_id`);
            refField(c, 'driver_instance_pool_id', INSTANCE_POOLS, n, `${where}.driver_instance_pool_id`);
        });
    return spec;
}
const pipelineScheduleSideFile = {
    suffix: '.schedule.json',
    extract(normalized) {
        const part = {};
        for (const field of PIPELINE_SCHEDULE_FIELDS) {
            if (normalized[field] === undefined)
                continue;
            part[field] = normalized[field];
            delete normalized[field];
        }
        return Object.keys(part).length ? part : undefined;
    },
    combine(main, part, options, side) {
        const mode = scheduleMode(options);
        // Without an option neither side shows the fields, so the plan never touches them (and an update
        // keeps the target's own, see `update`).
        if (mode === 'keep' || !part)
            return main;
        // Pausing means a triggered pipeline: the snapshot side leaves the fields out, so a continuous target
        // shows `continuous` to be removed.
        if (mode === 'pause' && side === 'desired')
            return main;
        return { ...main, ...part };
    },
    validate(part) {
        const extra = Object.keys(part).filter((k) => !PIPELINE_SCHEDULE_FIELDS.includes(k));
        if (extra.length)
            return `unexpected field '${extra[0]}': only ${PIPELINE_SCHEDULE_FIELDS.join(', ')} belong here`;
        if (part.continuous !== undefined && typeof part.continuous !== 'boolean')
            return "'continuous' must be true or false";
        return undefined;
    },
};
async function getPipeline(client, id) {
    return client.get(`${pipelines_BASE}/${encodeURIComponent(String(id))}`);
}
const pipelines_spec = {
    name: PIPELINES,
    folder: 'pipelines',
    async list(client) {
        const out = [];
        for await (const p of client.paginate(pipelines_BASE, 'statuses', { max_results: 100 }))
            out.push(p);
        return out;
    },
    // list answers statuses without the spec.
    get: (client, raw) => getPipeline(client, raw.pipeline_id),
    id: (raw) => raw.pipeline_id,
    displayName: (raw) => String(raw.name ?? raw.pipeline_id),
    normalize: normalizePipeline,
    validate(value) {
        if (typeof value.name !== 'string' || value.name === '')
            return "a pipeline needs a 'name'";
        if (value.id !== undefined)
            return "'id' is the pipeline's own id in one workspace: leave it out";
        const scheduled = PIPELINE_SCHEDULE_FIELDS.find((f) => value[f] !== undefined);
        if (scheduled)
            return `'${scheduled}' belongs in the .schedule.json file beside this one, so that apply never starts a pipeline before cutover`;
        return undefined;
    },
    async create(client, value) {
        // Not retried (a retried POST could make a second pipeline): allow_duplicate_names stays false, so a
        // retry after a lost answer fails loudly instead of duplicating.
        const answer = await client.post(pipelines_BASE, { ...value, allow_duplicate_names: false });
        if (typeof answer.pipeline_id !== 'string')
            throw new Error('pipelines create answered without a pipeline_id');
        return answer.pipeline_id;
    },
    async update(client, id, value, ctx) {
        let next = { ...value };
        if (scheduleMode(ctx.options) === 'keep') {
            // The edit replaces the whole spec: carry the target's own continuous/trigger over, since without an
            // option the snapshot says nothing about them (after cutover the secondary must keep running).
            const current = await getPipeline(client, id);
            const kept = isJsonObject(current.spec) ? current.spec : {};
            for (const field of PIPELINE_SCHEDULE_FIELDS)
                if (kept[field] !== undefined)
                    next[field] = kept[field];
        }
        next = { ...next, id };
        await client.request('PUT', `${pipelines_BASE}/${encodeURIComponent(String(id))}`, { body: next });
    },
    async remove(client, id) {
        await client.request('DELETE', `${pipelines_BASE}/${encodeURIComponent(String(id))}`);
    },
    replaceFields(changes) {
        return [...new Set(changes.map((c) => topField(c.path)).filter((f) => REPLACE_FIELDS.has(f)))];
    },
    sideFiles: [pipelineScheduleSideFile],
};
const pipelinesKind = configKind(pipelines_spec);

;// CONCATENATED MODULE: ./src/resources/secret-scopes.ts
/**
 * Secret scopes (reference §11): `secret-scopes/<key>.json` holds the scope name, its backend (with the
 * Azure Key Vault it reads, if any), its ACLs (principal -> permission) and the sorted names of its keys.
 * Secret values are never exported: the REST API does not return them. Apply takes them from the
 * `secretValues` option (`"<scope>/<key>": "value"`).
 *
 * The rule that keeps a second apply a no-op while values cannot be read back: a value is put only where
 * the target lacks the key; `forceSecretValues` puts every supplied value again (rotation). The plan
 * compares, per key, a marker instead of a value:
 * - `set`: a value is supplied; the target has the key (actual) or must get it (desired);
 * - `put again`: a value is supplied with `forceSecretValues`: always differs from `set`, so it is put;
 * - `no value supplied`: nothing apply could do, so both sides carry the marker and the key is never a
 *   change; a key missing in the target is reported as a warning and a manual step instead;
 * - `in Azure Key Vault`: Key Vault-backed scopes are read-only through Databricks; keys are listed only.
 * Keys the target has but the snapshot does not are left alone: a deleted value cannot be restored.
 */




const secret_scopes_KIND = 'secret_scopes';
const FOLDER = 'secret-scopes';
const secret_scopes_KEY = /^[A-Za-z0-9_-]{1,128}$/;
const NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const secret_scopes_PERMISSIONS = ['READ', 'WRITE', 'MANAGE'];
const KEY_SET = 'set';
const KEY_PUT_AGAIN = 'put again';
const KEY_NO_VALUE = 'no value supplied';
const KEY_IN_VAULT = 'in Azure Key Vault';
async function listScopes(client) {
    const page = await client.get('/api/2.0/secrets/scopes/list');
    return page.scopes ?? [];
}
/** Keys from names, in name order: the same in every workspace that has the same scope names. */
function secret_scopes_keyed(scopes) {
    const keys = uniqueKeys(scopes, (s) => s.name, (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return scopes
        .map((scope) => ({ scope, key: keys.get(scope) }))
        .sort((a, b) => (a.key < b.key ? -1 : 1));
}
const isDenied = (error) => error instanceof ApiError && (error.status === 403 || error.errorCode === 'PERMISSION_DENIED');
/**
 * The scope as the snapshot stores it; values are never part of it. With `deniedAcls`, a caller without
 * MANAGE on the scope (listing ACLs needs it) gets the scope with `acls` undefined instead of an error.
 */
async function readScope(client, scope, deniedAcls) {
    const [secrets, acls] = await Promise.all([
        client.get('/api/2.0/secrets/list', { scope: scope.name }),
        client
            .get('/api/2.0/secrets/acls/list', {
            scope: scope.name,
        })
            .catch((error) => {
            if (!deniedAcls || !isDenied(error))
                throw error;
            deniedAcls(error);
            return undefined;
        }),
    ]);
    const out = {
        name: scope.name,
        backend_type: scope.backend_type === 'AZURE_KEYVAULT' ? 'AZURE_KEYVAULT' : 'DATABRICKS',
        acls: acls && Object.fromEntries((acls.items ?? []).map((a) => [a.principal, a.permission])),
        keys: (secrets.secrets ?? []).map((s) => s.key).sort(),
    };
    const kv = scope.keyvault_metadata;
    if (out.backend_type === 'AZURE_KEYVAULT' && kv)
        out.keyvault_metadata = { resource_id: kv.resource_id ?? '', dns_name: kv.dns_name ?? '' };
    return out;
}
async function exportScopes(ctx) {
    for (const { scope, key } of secret_scopes_keyed(await listScopes(ctx.client))) {
        let content;
        try {
            content = await readScope(ctx.client, scope);
        }
        catch (error) {
            // Listing keys or ACLs needs READ or MANAGE on the scope; a scope the exporter cannot see into is
            // skipped and reported rather than failing the whole export.
            if (isDenied(error)) {
                ctx.report.skip(secret_scopes_KIND, scope.name, `cannot read its keys or ACLs: ${error.message}`);
                continue;
            }
            throw error;
        }
        const file = `${FOLDER}/${key}.json`;
        ctx.out.claim(file);
        await ctx.out.writeJson(file, content);
        ctx.report.count(secret_scopes_KIND, 'exported');
        ctx.progress?.(secret_scopes_KIND, key);
    }
}
function validate(value) {
    if (!isJsonObject(value))
        return 'must hold a JSON object';
    if (typeof value.name !== 'string' || !NAME.test(value.name))
        return "'name' must be a scope name (letters, digits, '-', '_' and '.', at most 128 characters)";
    if (value.backend_type !== 'DATABRICKS' && value.backend_type !== 'AZURE_KEYVAULT')
        return "'backend_type' must be DATABRICKS or AZURE_KEYVAULT";
    const kv = value.keyvault_metadata;
    if (value.backend_type === 'AZURE_KEYVAULT') {
        if (!isJsonObject(kv) || typeof kv.resource_id !== 'string' || typeof kv.dns_name !== 'string')
            return "an AZURE_KEYVAULT scope needs 'keyvault_metadata' with 'resource_id' and 'dns_name'";
    }
    else if (kv !== undefined)
        return "'keyvault_metadata' belongs to AZURE_KEYVAULT scopes only";
    if (!isJsonObject(value.acls))
        return "'acls' must map principals to READ, WRITE or MANAGE";
    for (const [principal, permission] of Object.entries(value.acls))
        if (typeof permission !== 'string' || !secret_scopes_PERMISSIONS.includes(permission))
            return `ACL of '${principal}' must be READ, WRITE or MANAGE`;
    const keys = value.keys;
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' && NAME.test(k)))
        return "'keys' must be a list of secret key names";
    if (new Set(keys).size !== keys.length)
        return "'keys' names a key twice";
    return undefined;
}
function keyMarker(file, key, options) {
    if (file.backend_type === 'AZURE_KEYVAULT')
        return KEY_IN_VAULT;
    if (options.secretValues?.[`${file.name}/${key}`] === undefined)
        return KEY_NO_VALUE;
    return options.forceSecretValues ? KEY_PUT_AGAIN : KEY_SET;
}
/** The comparable form: the file with `keys` turned into key -> marker (see the module comment). */
function desiredSpec(file, options) {
    const spec = {
        name: file.name,
        backend_type: file.backend_type,
        acls: { ...file.acls },
        keys: Object.fromEntries(file.keys.map((k) => [k, keyMarker(file, k, options)])),
    };
    if (file.keyvault_metadata)
        spec.keyvault_metadata = { ...file.keyvault_metadata };
    return spec;
}
async function secret_scopes_readDesired(snapshot, options = {}) {
    const out = [];
    const names = new Map();
    for (const rel of snapshot.filesUnder(FOLDER)) {
        const source = `${FOLDER}/${rel}`;
        if (!rel.endsWith('.json') || rel.includes('/'))
            throw new SnapshotError(source, `only <key>.json files belong in ${FOLDER}/`);
        const key = rel.slice(0, -'.json'.length);
        if (!secret_scopes_KEY.test(key))
            throw new SnapshotError(source, `'${key}' is not a valid key (letters, digits, _ and -)`);
        const value = await snapshot.readJson(source);
        const invalid = validate(value);
        if (invalid)
            throw new SnapshotError(source, invalid);
        const file = value;
        const other = names.get(file.name);
        if (other)
            throw new SnapshotError(source, `scope '${file.name}' is also described by ${other}`);
        names.set(file.name, source);
        out.push({ kind: secret_scopes_KIND, key, spec: desiredSpec(file, options), refs: [], source });
    }
    return out;
}
/**
 * The target's scopes through the same markers. Extra MANAGE grants in the target are left out of the
 * comparison (and never deleted): one of them is usually the identity running apply, which got MANAGE by
 * creating the scope; removing it would lock apply out of the scope.
 */
async function secret_scopes_readActual(ctx) {
    const wanted = new Map(ctx.desired.filter((d) => d.kind === secret_scopes_KIND).map((d) => [d.spec.name, d]));
    const out = [];
    const present = new Map();
    for (const { scope, key } of secret_scopes_keyed(await listScopes(ctx.client))) {
        const desired = wanted.get(scope.name)?.spec;
        const desiredAcls = (desired?.acls ?? {});
        // A read-only plan identity may lack MANAGE on a scope, which listing its ACLs needs: the plan goes on
        // without comparing that scope's ACLs (taken as the snapshot has them) and says so.
        const file = await readScope(ctx.client, scope, (error) => ctx.report.warn(secret_scopes_KIND, key, `secret scope '${scope.name}': its ACLs were not compared (${error.message}); listing ACLs needs MANAGE on the scope: grant it to the identity that runs plan, or run plan as a workspace admin`));
        present.set(scope.name, new Set(file.keys));
        const desiredKeys = (desired?.keys ?? {});
        const acls = file.acls ? {} : { ...desiredAcls };
        for (const [principal, permission] of Object.entries(file.acls ?? {})) {
            if (desired && permission === 'MANAGE' && desiredAcls[principal] === undefined) {
                ctx.log.debug(`secret scope ${scope.name}: keeping the MANAGE grant of ${principal}, not in the snapshot`);
                continue;
            }
            acls[principal] = permission;
        }
        const keys = {};
        if (desired) {
            // Only keys the snapshot names are compared; the markers mirror the desired side (module comment).
            for (const [k, marker] of Object.entries(desiredKeys)) {
                if (marker === KEY_NO_VALUE || marker === KEY_IN_VAULT)
                    keys[k] = marker;
                else if (file.keys.includes(k))
                    keys[k] = KEY_SET;
            }
        }
        else
            for (const k of file.keys)
                keys[k] = file.backend_type === 'AZURE_KEYVAULT' ? KEY_IN_VAULT : KEY_SET;
        const spec = { name: file.name, backend_type: file.backend_type, acls, keys };
        if (file.keyvault_metadata)
            spec.keyvault_metadata = { ...file.keyvault_metadata };
        out.push({ kind: secret_scopes_KIND, key, id: scope.name, spec, refs: [], label: `'${scope.name}'` });
    }
    reportMissingValues(ctx, wanted, present);
    return out;
}
/** Keys the target lacks and no value was supplied for: a warning and a manual step each. */
function reportMissingValues(ctx, wanted, present) {
    const named = new Set();
    for (const [name, d] of wanted) {
        for (const [k, marker] of Object.entries(d.spec.keys)) {
            named.add(`${name}/${k}`);
            if (marker !== KEY_NO_VALUE || present.get(name)?.has(k))
                continue;
            ctx.report.warn(secret_scopes_KIND, d.key, `secret '${name}/${k}' has no value in the 'secrets' input: not restored`);
            ctx.report.manual.push({
                kind: secret_scopes_KIND,
                key: d.key,
                reason: `put the value of secret '${k}' into scope '${name}' (databricks secrets put-secret ${name} ${k}), or pass it as "${name}/${k}" in the 'secrets' input`,
            });
        }
    }
    for (const supplied of Object.keys(ctx.applyOptions?.secretValues ?? {}))
        if (!named.has(supplied))
            ctx.report.warn(secret_scopes_KIND, supplied, `a value was supplied for '${supplied}', which no snapshot scope lists: ignored`);
}
async function putAcls(client, name, want, have) {
    for (const [principal, permission] of Object.entries(want))
        if (have[principal] !== permission)
            await client.post('/api/2.0/secrets/acls/put', { scope: name, principal, permission }, { idempotent: true });
    for (const principal of Object.keys(have))
        if (want[principal] === undefined)
            await client.post('/api/2.0/secrets/acls/delete', { scope: name, principal }, { idempotent: true });
}
async function putValues(ctx, name, want, have) {
    for (const [k, marker] of Object.entries(want)) {
        if (marker !== KEY_SET && marker !== KEY_PUT_AGAIN)
            continue;
        if (have[k] === marker)
            continue;
        const value = ctx.options.secretValues?.[`${name}/${k}`];
        if (value === undefined)
            continue;
        // A put overwrites: retrying it is safe.
        await ctx.client.post('/api/2.0/secrets/put', { scope: name, key: k, string_value: value }, { idempotent: true });
    }
}
async function createScope(ctx, key, spec) {
    const name = spec.name;
    const body = { scope: name };
    if (spec.backend_type === 'AZURE_KEYVAULT') {
        body.scope_backend_type = 'AZURE_KEYVAULT';
        body.backend_azure_keyvault = spec.keyvault_metadata;
    }
    try {
        await ctx.client.post('/api/2.0/secrets/scopes/create', body);
    }
    catch (error) {
        if (!(error instanceof ApiError) || spec.backend_type !== 'AZURE_KEYVAULT' || error.isAlreadyExists)
            throw error;
        const kv = spec.keyvault_metadata;
        ctx.report.manual.push({
            kind: secret_scopes_KIND,
            key,
            reason: `create the Azure Key Vault-backed secret scope '${name}' (vault ${String(kv.dns_name)}) as a user, then apply again`,
        });
        throw new Error(`cannot create the Azure Key Vault-backed secret scope '${name}': ${error.message} ` +
            "(creating a Key Vault scope needs a user's Azure AD token; a service principal cannot)", { cause: error });
    }
}
async function secret_scopes_apply(ctx, req) {
    if (req.action === 'delete' || req.action === 'replace') {
        const name = req.actual?.id;
        if (typeof name !== 'string')
            throw new Error(`no target scope for ${secret_scopes_KIND}.${req.key}`);
        await ctx.client.post('/api/2.0/secrets/scopes/delete', { scope: name }, { idempotent: true });
        if (req.action === 'delete')
            return undefined;
    }
    const spec = req.desired?.spec;
    if (!isJsonObject(spec))
        throw new Error(`no desired state for ${secret_scopes_KIND}.${req.key}`);
    const name = spec.name;
    let have = { acls: {}, keys: {} };
    if (req.action === 'update' && isJsonObject(req.actual?.spec))
        have = req.actual.spec;
    else {
        await createScope(ctx, req.key, spec);
        // The creator holds MANAGE on a new scope; it is kept (see readActual), so it counts as present.
        const acls = await ctx.client.get('/api/2.0/secrets/acls/list', { scope: name });
        const wantAcls = spec.acls;
        have = {
            acls: Object.fromEntries((acls.items ?? [])
                .filter((a) => a.permission !== 'MANAGE' || wantAcls[a.principal] !== undefined)
                .map((a) => [a.principal, a.permission])),
            keys: {},
        };
    }
    await putAcls(ctx.client, name, spec.acls, have.acls);
    await putValues(ctx, name, spec.keys, have.keys);
    return name;
}
const secretScopesKind = {
    name: secret_scopes_KIND,
    folder: FOLDER,
    export: exportScopes,
    readDesired: secret_scopes_readDesired,
    readActual: secret_scopes_readActual,
    // The backend of a scope is fixed at creation; replacing it deletes every value it holds.
    replaceFields: (changes) => changes.some((c) => c.path === 'backend_type' || c.path.startsWith('keyvault_metadata'))
        ? ['backend_type / keyvault_metadata']
        : [],
    apply: secret_scopes_apply,
};

;// CONCATENATED MODULE: ./src/resources/global-init-scripts.ts
/**
 * Global init scripts (reference §8): `global-init-scripts/<key>.json` holds name, position and enabled;
 * the script itself sits beside it as `<key>.sh`, so a change to it is an ordinary text diff in git. Keys
 * come from names (ordered by position, then id, when names repeat), so apply matches scripts by name.
 *
 * Positions shift when a script is inserted or moved (§8), so order matters: each script depends on the
 * script one position before it, which makes the planner create and move them in position order; inserted
 * one by one at their own position, they end up exactly where the snapshot has them.
 */




const global_init_scripts_KIND = 'global_init_scripts';
const global_init_scripts_FOLDER = 'global-init-scripts';
const global_init_scripts_KEY = /^[A-Za-z0-9_-]{1,128}$/;
async function listScripts(client) {
    const page = await client.get('/api/2.0/global-init-scripts');
    const scripts = page.scripts ?? [];
    const keys = uniqueKeys(scripts, (s) => s.name, (a, b) => a.name.localeCompare(b.name) ||
        Number(a.position) - Number(b.position) ||
        (a.script_id < b.script_id ? -1 : 1));
    return scripts
        .map((script) => ({ script, key: keys.get(script) }))
        .sort((a, b) => Number(a.script.position) - Number(b.script.position));
}
async function content(client, id) {
    const full = await client.get(`/api/2.0/global-init-scripts/${encodeURIComponent(id)}`);
    return Buffer.from(full.script ?? '', 'base64');
}
function global_init_scripts_sha256(data) {
    return (0,external_node_crypto_namespaceObject.createHash)('sha256').update(data).digest('hex');
}
/** What the plan compares: the JSON file with the script's hash (the script itself is in the `.sh` file). */
function global_init_scripts_specOf(file, script) {
    return { ...file, script_sha256: global_init_scripts_sha256(script) };
}
function fileOf(s) {
    return { name: s.name, position: Number(s.position), enabled: s.enabled ?? false };
}
async function exportScripts(ctx) {
    for (const { script, key } of await listScripts(ctx.client)) {
        ctx.out.claim(`${global_init_scripts_FOLDER}/${key}.json`);
        ctx.out.claim(`${global_init_scripts_FOLDER}/${key}.sh`);
        await ctx.out.write(`${global_init_scripts_FOLDER}/${key}.sh`, await content(ctx.client, script.script_id));
        await ctx.out.writeJson(`${global_init_scripts_FOLDER}/${key}.json`, fileOf(script));
        ctx.report.count(global_init_scripts_KIND, 'exported');
        ctx.progress?.(global_init_scripts_KIND, key);
    }
}
function global_init_scripts_validate(value) {
    if (!isJsonObject(value))
        return 'must hold a JSON object';
    if (typeof value.name !== 'string' || value.name === '')
        return "'name' must be a non-empty string";
    if (typeof value.position !== 'number' || !Number.isInteger(value.position) || value.position < 0)
        return "'position' must be an integer, 0 or more";
    if (typeof value.enabled !== 'boolean')
        return "'enabled' must be true or false";
    const extra = Object.keys(value).filter((k) => !['name', 'position', 'enabled'].includes(k));
    if (extra.length)
        return `unknown field '${extra[0]}' (the script belongs in the .sh file beside)`;
    return undefined;
}
async function global_init_scripts_readDesired(snapshot) {
    const files = snapshot.filesUnder(global_init_scripts_FOLDER);
    const out = [];
    for (const rel of files) {
        const source = `${global_init_scripts_FOLDER}/${rel}`;
        const m = /^([^/]+)\.(json|sh)$/.exec(rel);
        if (!m)
            throw new SnapshotError(source, `only <key>.json and <key>.sh files belong in ${global_init_scripts_FOLDER}/`);
        const key = m[1];
        if (!global_init_scripts_KEY.test(key))
            throw new SnapshotError(source, `'${key}' is not a valid key (letters, digits, _ and -)`);
        const other = `${global_init_scripts_FOLDER}/${key}.${m[2] === 'json' ? 'sh' : 'json'}`;
        if (!snapshot.has(other))
            throw new SnapshotError(source, `${other} is missing beside it`);
        if (m[2] === 'sh')
            continue;
        const value = await snapshot.readJson(source);
        const invalid = global_init_scripts_validate(value);
        if (invalid)
            throw new SnapshotError(source, invalid);
        const script = await snapshot.read(`${global_init_scripts_FOLDER}/${key}.sh`);
        out.push({ kind: global_init_scripts_KIND, key, spec: global_init_scripts_specOf(value, script), refs: [], source });
    }
    // Each script waits for the one before it in position order (module comment).
    const byPosition = [...out].sort((a, b) => Number(a.spec.position) - Number(b.spec.position));
    for (let i = 1; i < byPosition.length; i++)
        byPosition[i].refs = [{ kind: global_init_scripts_KIND, key: byPosition[i - 1].key }];
    return out;
}
async function global_init_scripts_readActual(ctx) {
    const wanted = new Set(ctx.desired.filter((d) => d.kind === global_init_scripts_KIND).map((d) => d.key));
    return Promise.all((await listScripts(ctx.client)).map(async ({ script, key }) => {
        ctx.refs.add(global_init_scripts_KIND, script.script_id, key);
        // Content is only needed to compare with the snapshot; a script only to delete needs none.
        const spec = wanted.has(key)
            ? global_init_scripts_specOf(fileOf(script), await content(ctx.client, script.script_id))
            : fileOf(script);
        return {
            kind: global_init_scripts_KIND,
            key,
            id: script.script_id,
            spec,
            refs: [],
            label: `'${script.name}' (${script.script_id})`,
        };
    }));
}
async function global_init_scripts_apply(ctx, req) {
    if (req.action === 'delete' || req.action === 'replace') {
        const id = req.actual?.id;
        if (typeof id !== 'string')
            throw new Error(`no target script for ${global_init_scripts_KIND}.${req.key}`);
        await ctx.client.request('DELETE', `/api/2.0/global-init-scripts/${encodeURIComponent(id)}`, {
            idempotent: true,
        });
        if (req.action === 'delete')
            return undefined;
    }
    const spec = req.desired?.spec;
    if (!isJsonObject(spec))
        throw new Error(`no desired state for ${global_init_scripts_KIND}.${req.key}`);
    const script = await ctx.snapshot.read(`${global_init_scripts_FOLDER}/${req.key}.sh`);
    const body = {
        name: spec.name,
        script: script.toString('base64'),
        enabled: spec.enabled,
        position: spec.position,
    };
    if (req.action === 'update' && typeof req.actual?.id === 'string') {
        // PATCH sets every field: retrying it gives the same result.
        await ctx.client.request('PATCH', `/api/2.0/global-init-scripts/${encodeURIComponent(req.actual.id)}`, {
            body,
            idempotent: true,
        });
        return req.actual.id;
    }
    const created = await ctx.client.post('/api/2.0/global-init-scripts', body);
    return created.script_id;
}
const globalInitScriptsKind = {
    name: global_init_scripts_KIND,
    folder: global_init_scripts_FOLDER,
    export: exportScripts,
    readDesired: global_init_scripts_readDesired,
    readActual: global_init_scripts_readActual,
    apply: global_init_scripts_apply,
};

;// CONCATENATED MODULE: ./src/security/credentials.ts

const REDACTED = '[REDACTED by databricks-dr]';
const BASE64_88 = '[A-Za-z0-9+/]{86}==';
const REGEX_DETECTORS = [
    {
        id: 'databricks-token',
        description: 'Databricks personal access token',
        pattern: /\bdapi[0-9a-f]{32}(?:-\d)?\b/g,
        group: 0,
    },
    {
        id: 'azure-storage-key',
        description: 'Azure storage account key',
        pattern: new RegExp(`(AccountKey=)(${BASE64_88})`, 'g'),
        group: 2,
    },
    {
        id: 'azure-storage-key',
        description: 'Azure storage account key',
        pattern: new RegExp(`(fs\\.azure\\.account\\.key[^\\s"'=:]*["']?\\s*[:=,]\\s*["']?)(${BASE64_88})`, 'g'),
        group: 2,
    },
    {
        id: 'sas-signature',
        description: 'Azure shared access signature (sig=)',
        pattern: /([?&;\s"']sig=)([A-Za-z0-9%+/=]{16,})/g,
        group: 2,
        // A SAS token carries its version (sv=) or expiry (se=) next to the signature.
        accept: (text, index) => {
            const from = Math.max(0, index - 400);
            const window = text.slice(from, index + 400);
            return /[?&;\s"']s[ve]=/.test(window);
        },
    },
    {
        id: 'aws-access-key',
        description: 'AWS access key id',
        pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
        group: 0,
    },
    {
        id: 'aws-secret-key',
        description: 'AWS secret access key',
        pattern: /((?:aws_secret_access_key|secret_access_key|secretkey|secret_key|s3a?\.secret\.key|s3n\.awsSecretAccessKey)["']?\s*[:=,]\s*["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
        group: 2,
    },
    {
        id: 'private-key',
        description: 'PEM private key',
        pattern: /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]*?(?:-----END ([A-Z]+ )?PRIVATE KEY-----|$(?![\s\S]))/g,
        group: 0,
    },
];
/** Keys of spark_conf / spark_env_vars whose values are secrets. */
const SECRET_KEY = /(^|[._\-\s])(pwd|key|apikey|api_key|access_key|secret_key|private_key)($|[._\-\s])|password|passwd|secret|token|credential|apikey/i;
/** Settings next to secrets that name a class, a type or an endpoint: not secrets themselves. */
const NOT_SECRET_KEY = /[._-](type|provider|class|enabled|endpoint|id|name|path|file|location|mode|url|uri)$/i;
/** A value that takes its secret from a secret scope: `{{secrets/scope/key}}`, alone or embedded. */
const SECRET_REFERENCE = /\{\{\s*secrets\/[^/{}\s]+\/[^/{}\s]+\s*\}\}/;
const CONF_FIELDS = new Set(['spark_conf', 'spark_env_vars']);
function isSecretReference(value) {
    return SECRET_REFERENCE.test(value);
}
function looksLikeSecretKey(key) {
    return SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key);
}
function lineAt(text, index) {
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1))
        line++;
    return line;
}
function scanRegex(text) {
    const out = [];
    for (const d of REGEX_DETECTORS) {
        d.pattern.lastIndex = 0;
        for (let m = d.pattern.exec(text); m; m = d.pattern.exec(text)) {
            if (m[0].length === 0) {
                d.pattern.lastIndex++;
                continue;
            }
            const value = m[d.group];
            if (value === undefined)
                continue;
            const start = m.index + (d.group === 0 ? 0 : m[0].indexOf(value, (m[1] ?? '').length));
            if (d.accept && !d.accept(text, m.index, m))
                continue;
            out.push({
                detector: d.id,
                description: d.description,
                line: lineAt(text, start),
                start,
                end: start + value.length,
            });
        }
    }
    return out;
}
/** Finds `"key": "value"` of a conf entry in the JSON text, after `from`; falls back to the key alone. */
function locateValue(text, key, value, from) {
    const keyText = JSON.stringify(key);
    const valueText = JSON.stringify(value);
    const k = text.indexOf(keyText, from);
    if (k !== -1) {
        const v = text.indexOf(valueText, k + keyText.length);
        if (v !== -1)
            return { start: v + 1, end: v + valueText.length - 1 };
        return { start: k, end: k };
    }
    return { start: 0, end: 0 };
}
function scanConf(text, json) {
    const out = [];
    const walk = (value, pathParts) => {
        if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, [...pathParts, String(i)]));
            return;
        }
        if (!isJsonObject(value))
            return;
        for (const [key, child] of Object.entries(value)) {
            if (CONF_FIELDS.has(key) && isJsonObject(child)) {
                const anchor = text.indexOf(JSON.stringify(key));
                for (const [confKey, confValue] of Object.entries(child)) {
                    if (typeof confValue !== 'string' || confValue === '')
                        continue;
                    if (!looksLikeSecretKey(confKey) || isSecretReference(confValue))
                        continue;
                    const at = locateValue(text, confKey, confValue, Math.max(0, anchor));
                    out.push({
                        detector: 'plain-conf-secret',
                        description: `plain value in ${key} (use a {{secrets/scope/key}} reference)`,
                        field: [...pathParts, key, confKey].join('.'),
                        line: lineAt(text, at.start),
                        start: at.start,
                        end: at.end,
                    });
                }
            }
            else
                walk(child, [...pathParts, key]);
        }
    };
    walk(json, []);
    return out;
}
/**
 * Every credential in `text`. `file` decides whether JSON structure is looked at (`.json` files); a JSON
 * file that does not parse is still scanned as text.
 */
function scanText(text, file = '') {
    const findings = scanRegex(text);
    if (/\.json$/i.test(file) && text.length < 50 * 1024 * 1024) {
        let json;
        try {
            json = parseJson(text);
        }
        catch {
            json = undefined;
        }
        if (json !== undefined) {
            for (const f of scanConf(text, json)) {
                // A regex detector may have found the same value: keep one finding per range.
                if (!findings.some((g) => g.start < f.end && f.start < g.end))
                    findings.push(f);
            }
        }
    }
    return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}
/** Replaces every finding's range with REDACTED (ranges merged when they overlap). */
function redactText(text, findings) {
    const ranges = findings
        .filter((f) => f.end > f.start)
        .map((f) => [f.start, f.end])
        .sort((a, b) => a[0] - b[0]);
    let out = '';
    let at = 0;
    for (const [start, end] of ranges) {
        if (end <= at)
            continue;
        out += text.slice(at, Math.max(at, start)) + REDACTED;
        at = end;
    }
    return out + text.slice(at);
}
/** Content that is not text (a NUL in the first 8 KB) is not scanned. */
function looksBinary(data) {
    const n = Math.min(data.length, 8192);
    for (let i = 0; i < n; i++)
        if (data[i] === 0)
            return true;
    return false;
}
/** `file:line: description [field]`, one finding. */
function describeFinding(file, f) {
    return `${file}:${f.line}: ${f.description}${f.field ? ` in '${f.field}'` : ''}`;
}
class CredentialError extends Error {
    findings;
    constructor(findings) {
        const shown = findings.slice(0, 10).map((f) => describeFinding(f.file, f.finding));
        const more = findings.length > 10 ? `; and ${findings.length - 10} more` : '';
        super(`${findings.length} credential(s) found in the exported content, nothing committed ` +
            `(move them to a secret scope, or set on-credentials: redact): ${shown.join('; ')}${more}`);
        this.findings = findings;
        this.name = 'CredentialError';
    }
}

;// CONCATENATED MODULE: ./src/snapshot/store.ts




/** Workspace-specific bookkeeping that lets the next export skip unchanged objects. Not part of the desired state. */
const EXPORT_STATE_FILE = '.export-state.json';
function resolveInside(root, rel) {
    const full = external_node_path_namespaceObject.resolve(root, rel);
    if (full !== root && !full.startsWith(root + external_node_path_namespaceObject.sep))
        throw new Error(`path escapes the snapshot: '${rel}'`);
    return full;
}
/**
 * Writes a new snapshot into a folder, refusing to write one file twice (a name collision). Every file
 * written (and every file copied from a previous snapshot that was not scanned) is scanned for credentials.
 */
class SnapshotWriter {
    root;
    options;
    written = new Set();
    state = {};
    found = [];
    policy;
    /** Copies from a previous snapshot are scanned too, unless that snapshot was scanned when written. */
    scanCopies = true;
    constructor(root, options = {}) {
        this.root = root;
        this.options = options;
        this.policy = options.credentials ?? 'fail';
    }
    /** Credentials found so far (with policy fail, finish() throws when there are any). */
    get findings() {
        return this.found;
    }
    /** Scans one file's content; returns what to write (redacted when the policy says so). */
    scan(rel, data) {
        const binary = typeof data !== 'string' && looksBinary(data);
        if (binary)
            return data;
        const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
        const findings = scanText(text, rel);
        if (findings.length === 0)
            return data;
        for (const finding of findings) {
            this.found.push({ file: rel, finding });
            if (this.policy === 'redact')
                this.options.onRedact?.(rel, finding);
        }
        return this.policy === 'redact' ? redactText(text, findings) : data;
    }
    /** Reserves a file; false if another object already took that name. */
    claim(rel) {
        const key = process.platform === 'win32' || process.platform === 'darwin' ? rel.toLowerCase() : rel;
        if (this.written.has(key))
            return false;
        this.written.add(key);
        return true;
    }
    has(rel) {
        return this.written.has(rel);
    }
    async write(rel, data) {
        const full = resolveInside(this.root, rel);
        const content = this.scan(rel, data);
        await external_node_fs_namespaceObject.promises.mkdir(external_node_path_namespaceObject.dirname(full), { recursive: true });
        await external_node_fs_namespaceObject.promises.writeFile(full, content);
    }
    async writeJson(rel, value) {
        await this.write(rel, stableJson(value));
    }
    async copyFrom(previous, rel) {
        const src = previous.resolve(rel);
        const dst = resolveInside(this.root, rel);
        await external_node_fs_namespaceObject.promises.mkdir(external_node_path_namespaceObject.dirname(dst), { recursive: true });
        try {
            // A hard link keeps the file's inode and modification time, so git sees an unchanged file without
            // hashing it again; a copy where links are not possible.
            await external_node_fs_namespaceObject.promises.link(src, dst).catch(() => external_node_fs_namespaceObject.promises.copyFile(src, dst));
        }
        catch {
            return false;
        }
        if (this.scanCopies) {
            const data = await external_node_fs_namespaceObject.promises.readFile(dst);
            const content = this.scan(rel, data);
            if (content !== data) {
                // Never write through the link: the previous snapshot must stay as it was if this export fails.
                await external_node_fs_namespaceObject.promises.rm(dst);
                await external_node_fs_namespaceObject.promises.writeFile(dst, content);
            }
        }
        return true;
    }
    setState(kind, key, value) {
        (this.state[kind] ??= {})[key] = value;
    }
    /** Writes the bookkeeping; with policy fail, throws a CredentialError when anything was found. */
    async finish() {
        if (this.policy === 'fail' && this.found.length) {
            // Kinds are read concurrently: report in file order, not in the order they were found.
            const sorted = [...this.found].sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : (a.finding.line ?? 0) - (b.finding.line ?? 0));
            throw new CredentialError(sorted);
        }
        await this.writeJson(EXPORT_STATE_FILE, { format: 1, credentials: 'scanned', kinds: this.state });
    }
}
/** Reads a snapshot folder (or nothing, when there is none yet). */
class SnapshotReader {
    root;
    state;
    constructor(root) {
        this.root = root;
    }
    resolve(rel) {
        return resolveInside(this.root, rel);
    }
    async read(rel) {
        try {
            return await external_node_fs_namespaceObject.promises.readFile(this.resolve(rel));
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return undefined;
            throw error;
        }
    }
    /** File names directly in a folder of the snapshot; empty when there is no such folder. */
    async list(rel) {
        try {
            const entries = await external_node_fs_namespaceObject.promises.readdir(this.resolve(rel), { withFileTypes: true });
            return entries
                .filter((e) => e.isFile())
                .map((e) => e.name)
                .sort();
        }
        catch {
            return [];
        }
    }
    async exists(rel) {
        try {
            await external_node_fs_namespaceObject.promises.access(this.resolve(rel));
            return true;
        }
        catch {
            return false;
        }
    }
    /** Was the previous snapshot written with credential scanning (so its files need no second scan)? */
    async wasScanned() {
        const raw = await this.read(EXPORT_STATE_FILE);
        if (!raw)
            return false;
        try {
            const json = parseJson(raw.toString('utf8'));
            return isJsonObject(json) && json.credentials === 'scanned';
        }
        catch {
            return false;
        }
    }
    /** What the previous export recorded for a kind; empty when absent or unreadable (then nothing is skipped). */
    async exportState(kind) {
        if (!this.state) {
            this.state = {};
            const raw = await this.read(EXPORT_STATE_FILE);
            if (raw) {
                try {
                    const json = parseJson(raw.toString('utf8'));
                    if (isJsonObject(json) && isJsonObject(json.kinds)) {
                        for (const [k, v] of Object.entries(json.kinds))
                            if (isJsonObject(v))
                                this.state[k] = v;
                    }
                }
                catch {
                    // A damaged state file only costs a full export.
                }
            }
        }
        return this.state[kind] ?? {};
    }
}

;// CONCATENATED MODULE: ./src/resources/dbfs-files.ts
/**
 * DBFS files (reference §9) that a workspace needs to run: legacy cluster init scripts under
 * `dbfs:/databricks/init/` and every DBFS file a cluster or job configuration points to (init scripts
 * `init_scripts[].dbfs.destination`, libraries `jar`/`whl`/`egg`/`requirements`, `python_file`, as
 * `dbfs:/` URIs). `dbfs/` mirrors DBFS paths: `dbfs:/FileStore/jars/a.jar` is `dbfs/FileStore/jars/a.jar`.
 * `cluster_log_conf` is a destination for logs, not content, and is not followed.
 *
 * How referenced paths are found: this kind comes after every configuration kind in the registry and
 * reads the JSON files those kinds have just written into the new snapshot (`ctx.out.root`, the staging
 * folder). That needs no change to the other kinds and no shared state, and it sees exactly what the
 * snapshot will hold (after their normalization and skips). Any kind's JSON is scanned (not only clusters
 * and jobs), since `init_scripts` and `libraries` mean the same wherever they appear.
 *
 * Files are read in 1 MB chunks (`dbfs/read`, offset/length) and streamed to disk; files larger than
 * `dbfsMaxBytes` (default 100 MB) are skipped and reported. Apply uploads through create / add-block /
 * close in 1 MB blocks, overwriting. The plan compares size and SHA-256; the target's content is read only
 * when the size matches.
 */








const dbfs_files_KIND = 'dbfs_files';
const dbfs_files_FOLDER = 'dbfs';
/** The legacy (cluster-named and global) init script folder. */
const LEGACY_INIT_DIR = '/databricks/init';
/** Largest `dbfs/read` length and `add-block` block (§9). */
const DBFS_CHUNK = 1024 * 1024;
const DEFAULT_DBFS_MAX_BYTES = 100 * 1024 * 1024;
/** Folders whose JSON is not configuration: user content, and this kind's own files. */
const NOT_CONFIG = new Set(['workspace', dbfs_files_FOLDER]);
const LIBRARY_FIELDS = ['jar', 'whl', 'egg', 'requirements'];
/** `dbfs:/a/b` -> `/a/b`; undefined for anything that is not a DBFS URI. */
function dbfsPathOf(uri) {
    if (!uri.startsWith('dbfs:/'))
        return undefined;
    const parts = uri.slice('dbfs:'.length).split('/').filter(Boolean);
    if (parts.length === 0 || parts.some((p) => p === '.' || p === '..'))
        return undefined;
    return '/' + parts.join('/');
}
/**
 * DBFS paths a configuration object points to: init scripts and libraries wherever they sit (clusters,
 * job clusters, task clusters, for-each tasks, ...), and task `python_file`s. Pure.
 */
function referencedDbfsPaths(value) {
    const found = new Set();
    const add = (v) => {
        const p = typeof v === 'string' ? dbfsPathOf(v) : undefined;
        if (p)
            found.add(p);
    };
    const walk = (v, parentKey) => {
        if (Array.isArray(v)) {
            for (const item of v) {
                if (parentKey === 'init_scripts' && isJsonObject(item) && isJsonObject(item.dbfs))
                    add(item.dbfs.destination);
                if (parentKey === 'libraries' && isJsonObject(item))
                    for (const f of LIBRARY_FIELDS)
                        add(item[f]);
                walk(item, undefined);
            }
        }
        else if (isJsonObject(v)) {
            for (const [k, x] of Object.entries(v)) {
                if (k === 'cluster_log_conf')
                    continue;
                if (k === 'python_file')
                    add(x);
                walk(x, k);
            }
        }
    };
    walk(value, undefined);
    return [...found].sort();
}
/** The snapshot file for a DBFS path. */
function fileForDbfsPath(dbfsPath) {
    return [dbfs_files_FOLDER, ...dbfsPath.split('/').filter(Boolean).map(encodeSegment)].join('/');
}
/** Every `*.json` the configuration kinds wrote so far, with the DBFS paths each names. */
async function referencesInStaging(root) {
    const refs = new Map();
    const walk = async (dir, rel) => {
        let entries;
        try {
            entries = await external_node_fs_namespaceObject.promises.readdir(dir, { withFileTypes: true });
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return;
            throw error;
        }
        for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const r = rel ? `${rel}/${e.name}` : e.name;
            if (!rel && (NOT_CONFIG.has(e.name) || e.name === EXPORT_STATE_FILE))
                continue;
            if (e.isDirectory())
                await walk(external_node_path_namespaceObject.join(dir, e.name), r);
            else if (rel && e.isFile() && e.name.endsWith('.json')) {
                const value = parseJson(await external_node_fs_namespaceObject.promises.readFile(external_node_path_namespaceObject.join(dir, e.name), 'utf8'));
                for (const p of referencedDbfsPaths(value))
                    refs.set(p, [...(refs.get(p) ?? []), r]);
            }
        }
    };
    await walk(root, '');
    return refs;
}
async function dbfs_files_status(client, dbfsPath) {
    try {
        return await client.get('/api/2.0/dbfs/get-status', { path: dbfsPath });
    }
    catch (error) {
        if (error instanceof ApiError && error.isNotFound)
            return undefined;
        throw error;
    }
}
/** Every file under a DBFS folder (none when it does not exist); the list API does not recurse. */
async function listFilesUnder(client, dir) {
    let page;
    try {
        page = await client.get('/api/2.0/dbfs/list', { path: dir });
    }
    catch (error) {
        if (error instanceof ApiError && error.isNotFound)
            return [];
        throw error;
    }
    const out = [];
    for (const f of page.files ?? []) {
        const p = dbfsPathOf(`dbfs:${f.path}`) ?? f.path;
        if (f.is_dir) {
            if (p !== dir)
                out.push(...(await listFilesUnder(client, p)));
        }
        else
            out.push({ ...f, path: p });
    }
    return out;
}
/** Reads a DBFS file chunk by chunk, handing each chunk to `sink`; returns the number of bytes read. */
async function readChunks(client, dbfsPath, sink) {
    let offset = 0;
    for (;;) {
        const r = await client.get('/api/2.0/dbfs/read', {
            path: dbfsPath,
            offset,
            length: DBFS_CHUNK,
        });
        const chunk = Buffer.from(r.data ?? '', 'base64');
        if (chunk.length === 0)
            return offset;
        await sink(chunk);
        offset += chunk.length;
        // A short read is the end of the file.
        if (chunk.length < DBFS_CHUNK)
            return offset;
    }
}
async function download(ctx, info, file) {
    const full = external_node_path_namespaceObject.join(ctx.out.root, file);
    await external_node_fs_namespaceObject.promises.mkdir(external_node_path_namespaceObject.dirname(full), { recursive: true });
    const handle = await external_node_fs_namespaceObject.promises.open(full, 'w');
    try {
        return await readChunks(ctx.client, info.path, async (chunk) => {
            await handle.write(chunk);
        });
    }
    finally {
        await handle.close();
    }
}
const MIB = 1024 * 1024;
async function exportFiles(ctx) {
    const maxBytes = ctx.options.dbfsMaxBytes ?? DEFAULT_DBFS_MAX_BYTES;
    const previousState = await ctx.previous.exportState(dbfs_files_KIND);
    const referenced = await referencesInStaging(ctx.out.root);
    const files = new Map();
    for (const f of await listFilesUnder(ctx.client, LEGACY_INIT_DIR))
        files.set(f.path, f);
    for (const [p, by] of referenced) {
        if (files.has(p))
            continue;
        const info = await dbfs_files_status(ctx.client, p);
        if (!info)
            ctx.report.warn(dbfs_files_KIND, p, `referenced by ${by.join(', ')} but does not exist in DBFS`);
        else if (info.is_dir)
            ctx.report.skip(dbfs_files_KIND, p, `referenced by ${by.join(', ')} but is a directory`);
        else
            files.set(p, { ...info, path: p });
    }
    for (const info of [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
        const size = Number(info.file_size ?? 0);
        if (size > maxBytes) {
            ctx.report.skip(dbfs_files_KIND, info.path, `${size} bytes: larger than the dbfs-max-mb limit (${Math.round((maxBytes / MIB) * 100) / 100} MB); copy it by hand`);
            ctx.report.manual.push({
                kind: dbfs_files_KIND,
                key: info.path,
                reason: `copy dbfs:${info.path} (${size} bytes) to the target by hand`,
            });
            continue;
        }
        const file = fileForDbfsPath(info.path);
        if (!ctx.out.claim(file)) {
            ctx.report.skip(dbfs_files_KIND, info.path, `name collision: another DBFS file is also stored as ${file}`);
            continue;
        }
        const entry = {
            size: String(size),
            modification_time: String(info.modification_time ?? ''),
            file,
        };
        const prev = previousState[info.path];
        if (prev &&
            entry.modification_time &&
            prev.size === entry.size &&
            prev.modification_time === entry.modification_time &&
            prev.file === file &&
            (await ctx.out.copyFrom(ctx.previous, file))) {
            ctx.out.setState(dbfs_files_KIND, info.path, { ...entry });
            ctx.report.count(dbfs_files_KIND, 'unchanged');
            ctx.progress?.(dbfs_files_KIND, info.path);
            continue;
        }
        const written = await download(ctx, info, file);
        if (written !== size)
            ctx.report.warn(dbfs_files_KIND, info.path, `read ${written} bytes, listed as ${size}: it changed during the export`);
        ctx.out.setState(dbfs_files_KIND, info.path, { ...entry, size: String(written) });
        ctx.report.count(dbfs_files_KIND, 'exported');
        ctx.progress?.(dbfs_files_KIND, info.path);
    }
}
/** A snapshot file's path on disk, refusing anything that is not a regular file inside the snapshot. */
async function snapshotFile(snapshot, rel) {
    const full = external_node_path_namespaceObject.resolve(snapshot.root, rel);
    if (!full.startsWith(snapshot.root + external_node_path_namespaceObject.sep))
        throw new SnapshotError(rel, 'path leaves the snapshot');
    const stat = await external_node_fs_namespaceObject.promises.lstat(full);
    if (!stat.isFile())
        throw new SnapshotError(rel, 'not a regular file');
    return full;
}
/** Size and hash, streamed: DBFS files may be far larger than what is read into memory elsewhere. */
async function hashFile(full) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    let size = 0;
    const handle = await external_node_fs_namespaceObject.promises.open(full, 'r');
    try {
        const buffer = Buffer.alloc(DBFS_CHUNK);
        for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            hash.update(buffer.subarray(0, bytesRead));
            size += bytesRead;
        }
    }
    finally {
        await handle.close();
    }
    return { size, sha256: hash.digest('hex') };
}
async function dbfs_files_readDesired(snapshot) {
    const out = [];
    for (const rel of snapshot.filesUnder(dbfs_files_FOLDER)) {
        const source = `${dbfs_files_FOLDER}/${rel}`;
        const segments = rel.split('/').map(decodeSegment);
        if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('/')))
            throw new SnapshotError(source, 'not a DBFS path');
        const key = '/' + segments.join('/');
        if (fileForDbfsPath(key) !== source)
            throw new SnapshotError(source, `not the canonical file name for dbfs:${key} (${fileForDbfsPath(key)})`);
        const spec = await hashFile(await snapshotFile(snapshot, source));
        out.push({ kind: dbfs_files_KIND, key, spec: { ...spec }, refs: [], source });
    }
    return out;
}
/**
 * The snapshot's files as the target has them, plus every legacy init script (the only DBFS files prune
 * may delete: the others are known only by being referenced).
 */
async function dbfs_files_readActual(ctx) {
    const wanted = new Map(ctx.desired.filter((d) => d.kind === dbfs_files_KIND).map((d) => [d.key, d.spec]));
    const infos = new Map();
    for (const f of await listFilesUnder(ctx.client, LEGACY_INIT_DIR))
        infos.set(f.path, f);
    await Promise.all([...wanted.keys()]
        .filter((p) => !infos.has(p))
        .map(async (p) => {
        const info = await dbfs_files_status(ctx.client, p);
        if (info)
            infos.set(p, { ...info, path: p });
    }));
    const out = [];
    for (const info of [...infos.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
        const want = wanted.get(info.path);
        let spec;
        if (info.is_dir)
            spec = { is_dir: true };
        else {
            const size = Number(info.file_size ?? 0);
            spec = { size };
            // Content is read only when it could be equal: a different size is a change already.
            if (want && want.size === size) {
                const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
                const read = await readChunks(ctx.client, info.path, (chunk) => {
                    hash.update(chunk);
                });
                spec = { size: read, sha256: hash.digest('hex') };
            }
        }
        out.push({ kind: dbfs_files_KIND, key: info.path, id: info.path, spec, refs: [], label: `dbfs:${info.path}` });
    }
    return out;
}
async function upload(ctx, dbfsPath, source) {
    const full = await snapshotFile(ctx.snapshot, source);
    const { handle } = await ctx.client.post('/api/2.0/dbfs/create', { path: dbfsPath, overwrite: true }, { idempotent: true });
    const file = await external_node_fs_namespaceObject.promises.open(full, 'r');
    try {
        const buffer = Buffer.alloc(DBFS_CHUNK);
        for (;;) {
            const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            // Not retried: a block sent twice would be appended twice.
            await ctx.client.post('/api/2.0/dbfs/add-block', {
                handle,
                data: buffer.subarray(0, bytesRead).toString('base64'),
            });
        }
    }
    finally {
        await file.close();
    }
    await ctx.client.post('/api/2.0/dbfs/close', { handle });
}
async function dbfs_files_apply(ctx, req) {
    if (req.action === 'delete' || req.action === 'replace') {
        await ctx.client.post('/api/2.0/dbfs/delete', { path: req.key, recursive: true }, { idempotent: true });
        if (req.action === 'delete')
            return undefined;
    }
    if (!req.desired)
        throw new Error(`no desired state for ${dbfs_files_KIND} ${req.key}`);
    await upload(ctx, req.key, req.desired.source);
    return req.key;
}
const dbfsFilesKind = {
    name: dbfs_files_KIND,
    folder: dbfs_files_FOLDER,
    export: exportFiles,
    readDesired: dbfs_files_readDesired,
    readActual: dbfs_files_readActual,
    // A directory where the snapshot has a file has to go first.
    replaceFields: (changes) => (changes.some((c) => c.path === 'is_dir') ? ['is_dir'] : []),
    apply: dbfs_files_apply,
};

;// CONCATENATED MODULE: ./src/resources/registry.ts













/** The only list of resource kinds, in dependency order: a kind may reference only kinds before it. */
// jobs reference clusters, instance pools and cluster policies: they stay after those kinds.
// Pools come before policies because policy definitions may name pools; pools reference nothing.
const KINDS = [
    // Identities reference nothing; first, so memberships and grants can name them. Groups come after users
    // and service principals, whose creation their memberships wait for.
    usersKind,
    servicePrincipalsKind,
    groupsKind,
    workspaceKind,
    // Secret scopes and global init scripts reference nothing.
    secretScopesKind,
    globalInitScriptsKind,
    instancePoolsKind,
    clusterPoliciesKind,
    clustersKind,
    // Repos sit in workspace folders; warehouses and pipelines (whose clusters[] name pools and policies)
    // are referenced by jobs, so all three come after compute and before jobs.
    reposKind,
    sqlWarehousesKind,
    pipelinesKind,
    jobsKind,
    // Last on purpose: it exports the DBFS files that the configurations written before it point to.
    dbfsFilesKind,
    // Last: it reads the ids of every kind above, and its grants are applied after the objects they protect.
    permissionsKind,
];
function kindByName(name) {
    return KINDS.find((k) => k.name === name);
}
/**
 * Which kinds must be read before a kind, because its normalizer turns their ids into references (or, for
 * dbfs_files and permissions, reads what they wrote or registered). Kinds with no path between them are
 * read concurrently; every dependency stands earlier in KINDS.
 */
const READ_AFTER = {
    service_principals: ['users'],
    groups: ['users', 'service_principals'],
    cluster_policies: ['instance_pools'],
    clusters: ['instance_pools', 'cluster_policies'],
    pipelines: ['instance_pools', 'cluster_policies'],
    jobs: ['clusters', 'instance_pools', 'cluster_policies', 'sql_warehouses', 'pipelines'],
};
function readAfter(kind) {
    const index = KINDS.indexOf(kind);
    // The last two read what every configuration kind before them produced.
    if (kind.name === 'dbfs_files' || kind.name === 'permissions')
        return KINDS.slice(0, index).map((k) => k.name);
    return [...(READ_AFTER[kind.name] ?? [])];
}
/**
 * Runs `fn` for every kind, each as soon as the kinds it reads after are done. The first kind runs alone:
 * its first request proves the host and the credentials before anything runs in parallel. Waits for every
 * started kind to settle before rethrowing the first failure, so nothing still writes after a failure.
 */
async function forEachKind(fn) {
    const [first, ...rest] = KINDS;
    await fn(first);
    const done = new Map([[first.name, Promise.resolve()]]);
    const runs = [];
    for (const kind of rest) {
        const deps = readAfter(kind).map((name) => {
            const dep = done.get(name);
            if (!dep)
                throw new Error(`kind ${kind.name} reads after ${name}, which does not come before it`);
            return dep;
        });
        const run = Promise.all(deps).then(() => fn(kind));
        done.set(kind.name, run);
        runs.push(run);
    }
    const settled = await Promise.allSettled(runs);
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure)
        throw failure.reason;
}

;// CONCATENATED MODULE: ./src/report/report.ts
/** What a run did, kind by kind: the data behind the log lines, the job summary and the outputs. */
class RunReport {
    counts = new Map();
    skipped = [];
    failed = [];
    warnings = [];
    /** Things a person must still do by hand for the DR copy to be complete. */
    manual = [];
    count(kind, counter, n = 1) {
        let row = this.counts.get(kind);
        if (!row) {
            row = { exported: 0, unchanged: 0, created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 };
            this.counts.set(kind, row);
        }
        row[counter] += n;
    }
    skip(kind, key, reason) {
        this.skipped.push({ kind, key, reason });
        this.count(kind, 'skipped');
    }
    fail(kind, key, reason) {
        this.failed.push({ kind, key, reason });
        this.count(kind, 'failed');
    }
    warn(kind, key, reason) {
        this.warnings.push({ kind, key, reason });
    }
    total(counter) {
        let n = 0;
        for (const row of this.counts.values())
            n += row[counter];
        return n;
    }
    /** Findings in a stable order, so reports and tests do not depend on request timing. */
    sorted(list) {
        return [...list].sort((a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
    }
}

;// CONCATENATED MODULE: ./src/modes/export.ts










const SNAPSHOT_META_FILE = 'snapshot.json';
/**
 * Reads the workspace into a staging folder; only when every kind exported completely does the staging
 * folder replace the snapshot, and only then is anything committed. A failure leaves the previous snapshot
 * and the git history untouched, so a folder that could not be listed never looks deleted.
 */
async function runExport(settings, deps) {
    const { log } = deps;
    const repoDir = external_node_path_namespaceObject.resolve(settings.repoDir);
    const snapshotDir = external_node_path_namespaceObject.join(repoDir, settings.snapshotPath);
    const git = settings.commit ? await GitRepo.open(repoDir, log) : undefined;
    const staging = external_node_path_namespaceObject.join(external_node_path_namespaceObject.dirname(snapshotDir), `.${external_node_path_namespaceObject.basename(snapshotDir)}.staging-${process.pid}`);
    await external_node_fs_namespaceObject.promises.rm(staging, { recursive: true, force: true });
    const report = new RunReport();
    const out = new SnapshotWriter(staging, {
        credentials: settings.credentials ?? 'fail',
        onRedact: (file, finding) => {
            const message = `${describeFinding(file, finding)}: redacted`;
            report.warn(file.split('/')[0], file, message);
            log.warning(message);
        },
    });
    const previous = new SnapshotReader(snapshotDir);
    out.scanCopies = !(await previous.wasScanned());
    const matcher = settings.exclude.length ? picomatch_default()(settings.exclude, { dot: true }) : undefined;
    const exclude = (p) => (matcher ? matcher(p) : false);
    const refs = new RefIndex(settings.permissions === 'none'
        ? undefined
        : (kind, id, key) => readPermissionsAhead(deps.client, refs, kind, id, key));
    try {
        await forEachKind(async (kind) => {
            log.info(`exporting ${kind.name}...`);
            await kind.export({
                client: deps.client,
                log,
                options: {
                    workspacePaths: settings.workspacePaths,
                    exclude,
                    dbfsMaxBytes: settings.dbfsMaxBytes,
                    permissions: settings.permissions,
                },
                out,
                previous,
                report,
                refs,
                progress: deps.progress,
            });
        });
        await out.writeJson(SNAPSHOT_META_FILE, {
            format: 1,
            source: { host: deps.client.host },
            workspace_paths: settings.workspacePaths,
            exclude: settings.exclude,
        });
        await out.finish();
        await carryOverForeignFiles(snapshotDir, staging);
    }
    catch (error) {
        await external_node_fs_namespaceObject.promises.rm(staging, { recursive: true, force: true });
        throw new Error(`export failed, the snapshot and git history are unchanged: ${error.message}`, {
            cause: error,
        });
    }
    await swapInto(staging, snapshotDir);
    const stateFile = external_node_path_namespaceObject.posix.join(settings.snapshotPath, EXPORT_STATE_FILE);
    const result = {
        changed: false,
        pushed: false,
        changes: { added: 0, modified: 0, deleted: 0, files: [] },
        report,
        snapshotDir,
    };
    if (!git)
        return result;
    result.changes = await git.stageAndDiff(settings.snapshotPath, (file) => file === stateFile);
    const { added, modified, deleted } = result.changes;
    if (added + modified + deleted === 0) {
        // Only bookkeeping moved (a notebook was saved without a change): no commit, and no dirty tree left.
        await git.restore(stateFile);
        log.info('no changes in the workspace since the last snapshot: nothing to commit');
        return result;
    }
    const host = deps.client.host.replace(/^https?:\/\//, '');
    const subject = settings.commitMessage.replace(/\{host\}/g, host);
    const message = `${subject}\n\n${added} added, ${modified} changed, ${deleted} removed under ${settings.snapshotPath}/`;
    result.commitSha = await git.commit(message, settings.snapshotPath);
    result.changed = true;
    log.info(`committed ${result.commitSha.slice(0, 12)}: ${added} added, ${modified} changed, ${deleted} removed`);
    if (settings.push) {
        await git.push();
        result.commitSha = (await git.head()) ?? result.commitSha;
        result.pushed = true;
        log.info('pushed');
    }
    return result;
}
/** Files a person put in the snapshot folder that no kind owns (a README, say) stay where they are. */
async function carryOverForeignFiles(snapshotDir, staging) {
    const owned = new Set([...KINDS.map((k) => k.folder), EXPORT_STATE_FILE, SNAPSHOT_META_FILE]);
    let entries;
    try {
        entries = await external_node_fs_namespaceObject.promises.readdir(snapshotDir);
    }
    catch {
        return;
    }
    for (const entry of entries) {
        if (owned.has(entry))
            continue;
        await external_node_fs_namespaceObject.promises.cp(external_node_path_namespaceObject.join(snapshotDir, entry), external_node_path_namespaceObject.join(staging, entry), { recursive: true });
    }
}
async function swapInto(staging, snapshotDir) {
    const trash = `${staging}.old`;
    await external_node_fs_namespaceObject.promises.rm(trash, { recursive: true, force: true });
    let hadPrevious = true;
    try {
        await external_node_fs_namespaceObject.promises.rename(snapshotDir, trash);
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
        hadPrevious = false;
    }
    await external_node_fs_namespaceObject.promises.mkdir(external_node_path_namespaceObject.dirname(snapshotDir), { recursive: true });
    await external_node_fs_namespaceObject.promises.rename(staging, snapshotDir);
    if (hadPrevious)
        await external_node_fs_namespaceObject.promises.rm(trash, { recursive: true, force: true });
}

;// CONCATENATED MODULE: ./src/report/render.ts
/** Pure renderers: a run's report as log text and as Markdown for the job summary. */
function escapeCell(text) {
    return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
function table(headers, rows) {
    const head = `| ${headers.join(' | ')} |`;
    const sep = `|${headers.map(() => ' --- ').join('|')}|`;
    return [head, sep, ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`)].join('\n');
}
function countsTable(report, columns) {
    const rows = [...report.counts.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, row]) => [kind, ...columns.map((c) => String(row[c]))]);
    return table(['kind', ...columns], rows);
}
function findingsSection(title, findings, limit = 200) {
    if (findings.length === 0)
        return '';
    const rows = findings.slice(0, limit).map((f) => [f.kind, `\`${f.key}\``, f.reason]);
    const more = findings.length > limit ? `\n\n…and ${findings.length - limit} more (see the log).` : '';
    return `\n\n### ${title} (${findings.length})\n\n${table(['kind', 'object', 'reason'], rows)}${more}`;
}
function exportSummaryMarkdown(result, links = {}) {
    const { report, changes } = result;
    const commit = result.commitSha
        ? links.commitUrl
            ? `[\`${result.commitSha.slice(0, 12)}\`](${links.commitUrl})`
            : `\`${result.commitSha.slice(0, 12)}\``
        : '';
    const headline = result.changed
        ? `Committed ${commit}: ${changes.added} added, ${changes.modified} changed, ${changes.deleted} removed.`
        : 'No changes since the last snapshot: nothing committed.';
    return (`## databricks-dr export\n\n${headline}\n\n` +
        countsTable(report, ['exported', 'unchanged', 'skipped', 'failed']) +
        findingsSection('Skipped', report.sorted(report.skipped)) +
        findingsSection('Warnings', report.sorted(report.warnings)) +
        '\n' +
        manualChecklist(report, NOT_RECORDED));
}
function exportSummaryText(result) {
    const { report, changes } = result;
    const lines = [
        `Export: ${report.total('exported')} exported, ${report.total('unchanged')} unchanged, ${report.total('skipped')} skipped`,
    ];
    for (const f of report.sorted(report.skipped))
        lines.push(`  skipped ${f.kind} ${f.key}: ${f.reason}`);
    for (const f of report.sorted(report.warnings))
        lines.push(`  warning ${f.kind} ${f.key}: ${f.reason}`);
    for (const f of report.sorted(report.manual))
        lines.push(`  manual step: ${f.kind} ${f.key}: ${f.reason}`);
    lines.push(result.changed
        ? `Snapshot: ${changes.added} added, ${changes.modified} changed, ${changes.deleted} removed; commit ${result.commitSha}`
        : 'Snapshot: no changes');
    return lines.join('\n');
}
/** What no API can read, so no snapshot holds it: listed under every export, plan and apply. */
const NOT_RECORDED = [
    'DBFS mounts: no API returns their credentials; re-create them (or move to Unity Catalog external locations).',
    'Unity Catalog: metastore assignment, catalogs, external locations and data are not part of this record.',
    'Networking and workspace settings: VNet injection, private endpoints, IP access lists, admin console settings.',
];
/**
 * What no API can restore, so a DR runbook stays complete: always listed after a plan or apply, after what
 * the run found (secret values not supplied, users missing from the identity provider, ...).
 */
const STANDING_MANUAL_STEPS = [
    ...NOT_RECORDED,
    'Point users, BI tools and upstream systems at the secondary workspace URL.',
];
function manualChecklist(report, standing = STANDING_MANUAL_STEPS) {
    const found = report.sorted(report.manual).map((f) => `- [ ] ${f.kind} \`${f.key}\`: ${f.reason}`);
    const steps = standing.map((s) => `- [ ] ${s}`);
    return `\n### Manual checklist\n\n${[...found, ...steps].join('\n')}\n`;
}
/**
 * What a plan (or dry run) found before anything was written: warnings (secret values not supplied,
 * principals the target lacks) and the checklist of what will stay manual.
 */
function planFindingsMarkdown(report) {
    return (findingsSection('Warnings', report.sorted(report.warnings)).replace(/^\n/, '') +
        '\n' +
        manualChecklist(report));
}
/** The snapshot's commit, linked to the repository when the runner says where it is. */
function snapshotCommitMarkdown(commit, env) {
    const short = `\`${commit.slice(0, 12)}\``;
    const shown = env.repository
        ? `[${short}](${env.server ?? 'https://github.com'}/${env.repository}/commit/${commit})`
        : `\`${commit}\``;
    return `\nSnapshot: commit ${shown}\n`;
}
function applySummaryMarkdown(report) {
    return ('\n### Applied\n\n' +
        countsTable(report, ['created', 'updated', 'deleted', 'skipped', 'failed']) +
        findingsSection('Failed', report.sorted(report.failed)) +
        findingsSection('Skipped', report.sorted(report.skipped)) +
        findingsSection('Warnings', report.sorted(report.warnings)) +
        '\n' +
        manualChecklist(report));
}
function applySummaryText(report) {
    const lines = [
        `Applied: ${report.total('created')} created, ${report.total('updated')} updated, ${report.total('deleted')} deleted, ${report.total('skipped')} skipped, ${report.total('failed')} failed`,
    ];
    for (const f of report.sorted(report.failed))
        lines.push(`  failed ${f.kind} ${f.key}: ${f.reason}`);
    for (const f of report.sorted(report.skipped))
        lines.push(`  skipped ${f.kind} ${f.key}: ${f.reason}`);
    for (const f of report.sorted(report.manual))
        lines.push(`  manual step: ${f.kind} ${f.key}: ${f.reason}`);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/report/plan-render.ts

/** Pure renderers for a plan: log text, Markdown (job summary, PR comment) and plan.json. */
const SYMBOL = {
    create: '+',
    update: '~',
    replace: '-/+',
    delete: '-',
    'no-op': ' ',
};
function show(value) {
    if (value === undefined)
        return '(none)';
    const text = typeof value === 'string' ? JSON.stringify(value) : toJson(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
function describeChange(c) {
    if (c.path === 'sha256')
        return 'content changed';
    return `${c.path}: ${show(c.before)} -> ${show(c.after)}`;
}
function visible(plan) {
    return plan.changes.filter((c) => c.action !== 'no-op');
}
function planText(plan, maxFields = 20) {
    const lines = [plan.line];
    for (const c of visible(plan)) {
        lines.push(`  ${SYMBOL[c.action]} ${c.kind} ${c.key}${c.blocked ? ` (not applied: ${c.blocked})` : ''}`);
        if (c.action === 'update' || c.action === 'replace') {
            for (const f of c.changes.slice(0, maxFields))
                lines.push(`      ${describeChange(f)}`);
            if (c.changes.length > maxFields)
                lines.push(`      ...and ${c.changes.length - maxFields} more`);
        }
    }
    return lines.join('\n');
}
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
function planMarkdown(plan, title, maxRows = 300) {
    const out = [`## ${title}`, '', `**${plan.line}**`];
    const changes = visible(plan);
    if (changes.length === 0) {
        out.push('', 'The target workspace already matches the snapshot.');
        return out.join('\n') + '\n';
    }
    const kinds = [...new Set(changes.map((c) => c.kind))];
    for (const kind of kinds) {
        const rows = changes.filter((c) => c.kind === kind);
        const table = ['| | object | changes |', '| --- | --- | --- |'];
        for (const c of rows.slice(0, maxRows)) {
            const fields = c.action === 'update' || c.action === 'replace'
                ? c.changes
                    .slice(0, 5)
                    .map((f) => `\`${cell(describeChange(f))}\``)
                    .join('<br>') + (c.changes.length > 5 ? `<br>…and ${c.changes.length - 5} more` : '')
                : '';
            const note = c.blocked ? ` _(not applied: ${cell(c.blocked)})_` : '';
            table.push(`| ${c.action} | \`${cell(c.key)}\`${note} | ${fields} |`);
        }
        if (rows.length > maxRows)
            table.push(`| | …and ${rows.length - maxRows} more | |`);
        const counts = ['create', 'update', 'replace', 'delete']
            .map((a) => [a, rows.filter((c) => c.action === a).length])
            .filter(([, n]) => n > 0)
            .map(([a, n]) => `${n} ${a}`)
            .join(', ');
        const body = table.join('\n');
        out.push('', `### ${kind} (${counts})`, '');
        out.push(rows.length > 20 ? `<details><summary>${rows.length} changes</summary>\n\n${body}\n\n</details>` : body);
    }
    return out.join('\n') + '\n';
}
/** plan.json: the plan as data, for review tools and later steps of a workflow. */
function planJson(plan) {
    return {
        format: 1,
        summary: plan.line,
        counts: plan.counts,
        has_changes: plan.hasChanges,
        changes: plan.changes
            .filter((c) => c.action !== 'no-op')
            .map((c) => ({
            kind: c.kind,
            key: c.key,
            action: c.action,
            ...(c.blocked ? { blocked: c.blocked } : {}),
            changes: c.changes,
            depends_on: c.dependsOn.map((r) => `${r.kind}.${r.key}`),
        })),
    };
}

;// CONCATENATED MODULE: ./src/modes/plan.ts













/** What the snapshot says about itself: the roots it was exported from and the patterns it left out. */
async function readSnapshotMeta(snapshot) {
    if (!snapshot.has(SNAPSHOT_META_FILE))
        throw new SnapshotError(SNAPSHOT_META_FILE, `missing in ${snapshot.origin}: not a databricks-dr snapshot (run an export first)`);
    const meta = await snapshot.readJson(SNAPSHOT_META_FILE);
    if (!isJsonObject(meta) || meta.format !== 1)
        throw new SnapshotError(SNAPSHOT_META_FILE, 'unknown snapshot format');
    const roots = meta.workspace_paths;
    const exclude = meta.exclude ?? [];
    if (!Array.isArray(roots) || !roots.every((r) => typeof r === 'string' && r.startsWith('/')))
        throw new SnapshotError(SNAPSHOT_META_FILE, "'workspace_paths' must be a list of absolute workspace paths");
    if (!Array.isArray(exclude) || !exclude.every((p) => typeof p === 'string'))
        throw new SnapshotError(SNAPSHOT_META_FILE, "'exclude' must be a list of glob patterns");
    const matcher = exclude.length ? picomatch_default()(exclude, { dot: true }) : undefined;
    const list = roots.map((r) => normalizeWorkspacePath(r));
    return { roots: list, workspacePaths: list, exclude: (p) => (matcher ? matcher(p) : false) };
}
/** Refuses folders no kind owns: an unknown kind is an error, not something to ignore. */
function checkLayout(snapshot) {
    const folders = new Set(KINDS.map((k) => k.folder));
    for (const file of snapshot.files) {
        const top = file.split('/')[0];
        if (file.includes('/')) {
            if (!folders.has(top))
                throw new SnapshotError(file, `unknown kind '${top}': no resource kind owns this folder`);
        }
        else if (![SNAPSHOT_META_FILE, EXPORT_STATE_FILE].includes(file) && !/\.(md|txt)$/i.test(file)) {
            throw new SnapshotError(file, 'unexpected file at the top of the snapshot');
        }
    }
}
/**
 * Reads and validates the whole snapshot, reads the target through the same normalizers, and plans every
 * kind. Nothing is written. Every reference must resolve, to an object of the snapshot or of the target.
 */
async function computePlan(snapshot, deps, 
// The apply options (when planning for an apply) reach readDesired and readActual, so the plan shows
// what an option changes (e.g. activateSchedules adds the recorded schedules to the jobs) as changes.
options) {
    checkLayout(snapshot);
    const scope = await readSnapshotMeta(snapshot);
    const desired = [];
    for (const kind of KINDS)
        desired.push(...(await kind.readDesired(snapshot, options, desired)));
    const desiredById = new Map(desired.map((d) => [refId(d), d]));
    const refs = new RefIndex();
    const actual = [];
    await forEachKind(async (kind) => {
        deps.log.info(`reading ${kind.name} in ${deps.client.host}...`);
        actual.push(...(await kind.readActual({
            client: deps.client,
            log: deps.log,
            report: deps.report,
            refs,
            options: scope,
            desired,
            applyOptions: options,
        })));
    });
    const unresolved = desired.flatMap((d) => d.refs
        .filter((r) => !desiredById.has(refId(r)) && refs.idOf(r.kind, r.key) === undefined)
        .map((r) => ({ source: d.source, ref: r })));
    if (unresolved.length) {
        const first = [];
        for (const { source, ref } of unresolved.slice(0, 5))
            first.push(`${await locateRef(snapshot, source, ref)}: ${refString(ref.kind, ref.key)} is neither in the snapshot nor in the target`);
        throw new PlanError(`${unresolved.length} unresolved reference(s), nothing applied: ${first.join('; ')}`);
    }
    const actualById = new Map(actual.map((a) => [refId(a), a]));
    const changes = [];
    for (const kind of KINDS) {
        const toPlan = (o) => ({
            kind: o.kind,
            key: o.key,
            spec: o.spec,
            refs: o.refs,
            label: 'source' in o ? o.source : o.label,
        });
        changes.push(...planKind(desired.filter((d) => d.kind === kind.name).map(toPlan), actual.filter((a) => a.kind === kind.name).map(toPlan), {
            prune: options.prune,
            allowReplace: options.allowReplace,
            replaceFields: kind.replaceFields,
            deletable: (o) => {
                const a = actualById.get(refId(o));
                const why = a && kind.protectedFromDelete?.(a);
                if (why)
                    return why;
                if (kind.name === 'workspace' && !scope.roots.some((r) => isUnder(o.key, r)))
                    return 'outside the exported roots';
                return undefined;
            },
        }));
    }
    reapplyDependentsOfReplaced(changes, desiredById, refs);
    const waves = orderChanges(changes, KINDS.map((k) => k.name));
    const counts = countChanges(changes);
    return {
        changes: waves.flat(),
        waves,
        counts,
        line: planLine(counts),
        // Whether applying this plan would write anything: changes that will not be made (counts.blocked,
        // e.g. the unmanaged objects when prune is off) are in the plan line and outputs, not here.
        hasChanges: counts.create + counts.update + counts.replace + counts.delete > 0,
        desired: desiredById,
        actual: actualById,
        refs,
        scope,
    };
}
/**
 * A replaced object gets a new id, so an object whose references name it (a cluster or a policy on a
 * replaced instance pool) would keep the deleted id until a second apply. Its no-op or update becomes an
 * update, which runs after the replacement (it depends on it) with the references resolved to the new id;
 * the reference fields show as changes from the id being replaced. Mutates `changes`.
 */
function reapplyDependentsOfReplaced(changes, desired, refs) {
    const replaced = new Set(changes.filter((c) => c.action === 'replace' && !c.blocked).map(refId));
    if (replaced.size === 0)
        return;
    for (const change of changes) {
        if ((change.action !== 'no-op' && change.action !== 'update') || change.blocked)
            continue;
        const names = change.dependsOn.map(refId).filter((id) => replaced.has(id));
        const d = desired.get(refId(change));
        if (names.length === 0 || !d)
            continue;
        const before = resolveRefs(d.spec, (r) => replaced.has(refId(r)) ? refs.idOf(r.kind, r.key) : undefined).value;
        const known = new Set(change.changes.map((f) => f.path));
        change.changes = [...change.changes, ...diffJson(before, d.spec).filter((f) => !known.has(f.path))];
        change.action = 'update';
        change.note = `re-applied after ${names.join(', ')} is replaced (new id)`;
    }
}
/**
 * Where a reference is written, as `file:line`: in the object's file or in a side file beside it
 * (`jobs/etl.json`, `jobs/etl.schedule.json`); a reference implied by a key (a permissions entry) is found
 * by that key. Just the file when neither is found.
 */
async function locateRef(snapshot, source, ref) {
    const stem = source.replace(/\.json$/, '');
    const files = [source, ...snapshot.files.filter((f) => f !== source && f.startsWith(`${stem}.`))];
    for (const needle of [refString(ref.kind, ref.key), `"${ref.key}"`])
        for (const file of files) {
            const line = await snapshot.lineIn(file, needle);
            if (line)
                return `${file}:${line}`;
        }
    return source;
}
/**
 * The snapshot to plan from: the working tree as checked out, or any revision (point-in-time restore), with
 * the commit the revision resolved to (for the summary's link).
 */
async function openSnapshot(settings, log) {
    const repoDir = external_node_path_namespaceObject.resolve(settings.repoDir);
    if (!settings.ref)
        return { snapshot: await SnapshotSource.fromWorkingTree(repoDir, settings.snapshotPath) };
    const git = await GitRepo.open(repoDir, log);
    const commit = await git.resolveRevision(settings.ref);
    log.info(`reading the snapshot at ${settings.ref} (${commit.slice(0, 12)})`);
    return { snapshot: await SnapshotSource.fromRevision(repoDir, commit, settings.snapshotPath), commit };
}

;// CONCATENATED MODULE: ./src/modes/apply.ts




/**
 * Makes the target match the snapshot: plans (reading and validating everything first), then executes the
 * plan wave by wave. A failed object does not stop the others, but everything that depends on it is
 * skipped; every failure is reported and the result says how many there were.
 */
async function runApply(snapshot, deps, options) {
    const { client, log, report } = deps;
    const plan = await computePlan(snapshot, deps, options);
    if (options.dryRun)
        return { plan, applied: false, failed: 0 };
    // Objects that failed, and objects skipped because something they need failed: both block dependents.
    const failed = new Map();
    const blocked = new Set();
    const written = new Set();
    const deletedAfter = dependentDeletes(plan.changes);
    for (const wave of plan.hasChanges ? plan.waves : []) {
        await Promise.all(wave.map(async (change) => {
            if (change.action === 'no-op')
                return;
            const id = refId(change);
            if (change.blocked) {
                // A delete that will not run keeps what it depends on (its folder, say) alive too.
                if (change.action === 'delete')
                    blocked.add(id);
                report.count(change.kind, 'skipped');
                return;
            }
            // A create or update needs what it references; a delete needs its dependents gone first (deleting
            // a folder whose child could not be deleted would take the child with it).
            const needs = change.action === 'delete'
                ? (deletedAfter.get(id) ?? [])
                : change.dependsOn.filter((d) => !d.soft).map(refId);
            const blocker = needs.find((d) => failed.has(d) || blocked.has(d));
            if (blocker) {
                blocked.add(id);
                const why = failed.has(blocker) ? 'failed' : 'was not applied';
                report.skip(change.kind, change.key, change.action === 'delete'
                    ? `not deleted: ${blocker} depends on it, and its delete ${why}`
                    : `not applied: depends on ${blocker}, which ${why}`);
                return;
            }
            try {
                await applyOne(change, plan, { client, log, report, snapshot, options });
                written.add(id);
                const counter = change.action === 'delete' ? 'deleted' : change.action === 'create' ? 'created' : 'updated';
                report.count(change.kind, counter);
            }
            catch (error) {
                const message = error.message.split('\n')[0];
                if (error instanceof ManualStepError) {
                    blocked.add(id);
                    report.skip(change.kind, change.key, message);
                    log.warning(`${change.action} ${change.kind} ${change.key} skipped: ${message}`);
                    return;
                }
                failed.set(id, message);
                report.fail(change.kind, change.key, message);
                log.error(`${change.action} ${change.kind} ${change.key} failed: ${message}`);
            }
        }));
    }
    await apply_afterApply(plan, written, { client, log, report, snapshot, options });
    return { plan, applied: true, failed: failed.size };
}
/**
 * For each delete, the deletes of objects that depend on it: the reverse of their dependsOn edges, since
 * deletes run dependents first.
 */
function dependentDeletes(changes) {
    const deletes = new Set(changes.filter((c) => c.action === 'delete').map(refId));
    const out = new Map();
    for (const c of changes) {
        if (c.action !== 'delete')
            continue;
        for (const d of c.dependsOn) {
            const target = refId(d);
            if (d.soft || !deletes.has(target) || target === refId(c))
                continue;
            out.set(target, [...(out.get(target) ?? []), refId(c)]);
        }
    }
    return out;
}
/** Lets each kind record what the target now holds; a failure there is a warning, not a failed apply. */
async function apply_afterApply(plan, written, ctx) {
    for (const kind of KINDS) {
        if (!kind.afterApply)
            continue;
        const mine = plan.changes.filter((c) => c.kind === kind.name);
        const outcome = {
            desired: [...plan.desired.values()].filter((d) => d.kind === kind.name),
            actual: [...plan.actual.values()].filter((a) => a.kind === kind.name),
            unchanged: new Set(mine.filter((c) => c.action === 'no-op').map((c) => c.key)),
            written: new Set(mine.filter((c) => written.has(refId(c))).map((c) => c.key)),
        };
        try {
            await kind.afterApply({ ...ctx, refs: plan.refs, options: { ...plan.scope, ...ctx.options } }, outcome);
        }
        catch (error) {
            ctx.log.warning(`${kind.name}: ${error.message.split('\n')[0]}`);
        }
    }
}
async function applyOne(change, plan, ctx) {
    const kind = kindByName(change.kind);
    if (!kind)
        throw new Error(`unknown kind ${change.kind}`);
    const id = refId(change);
    const desired = plan.desired.get(id);
    const actual = plan.actual.get(id);
    let resolved;
    if (desired) {
        const r = resolveRefs(desired.spec, (ref) => plan.refs.idOf(ref.kind, ref.key));
        if (r.unresolved.length)
            throw new Error(`unresolved reference \${resources.${r.unresolved[0].kind}.${r.unresolved[0].key}.id}`);
        resolved = r.value;
    }
    ctx.log.debug(`${change.action} ${change.kind} ${change.key}`);
    const newId = await kind.apply({
        client: ctx.client,
        log: ctx.log,
        report: ctx.report,
        refs: plan.refs,
        snapshot: ctx.snapshot,
        options: { ...plan.scope, ...ctx.options },
    }, {
        action: change.action,
        key: change.key,
        desired,
        actual,
        resolved,
        changes: change.changes,
    });
    if (newId !== undefined && newId !== null)
        plan.refs.add(change.kind, newId, change.key);
}

;// CONCATENATED MODULE: ./src/modes/restore.ts



/** plan and apply from settings: opens the snapshot (working tree or `ref`), plans, and applies unless dry. */
async function runPlanOrApply(settings, deps) {
    const { snapshot, commit } = await openSnapshot(settings, deps.log);
    try {
        const report = new RunReport();
        const dryRun = settings.mode === 'plan' || settings.dryRun;
        const result = await runApply(snapshot, { ...deps, report }, {
            prune: settings.prune,
            allowReplace: settings.allowReplace,
            dryRun,
            startClusters: settings.startClusters,
            activateSchedules: settings.activateSchedules,
            pauseSchedules: settings.pauseSchedules,
            secretValues: settings.secretValues,
            forceSecretValues: settings.forceSecretValues,
            permissions: settings.permissions,
        });
        return { ...result, report, dryRun, commit };
    }
    finally {
        await snapshot.close();
    }
}

;// CONCATENATED MODULE: ./src/settings.ts
/**
 * Inputs (action inputs or CLI flags, both as strings) -> one typed, validated Settings object. Pure: the
 * caller supplies the lookup. Every error names the input, quotes the bad value and says what is expected.
 */
class InputError extends Error {
    constructor(message) {
        super(message);
        this.name = 'InputError';
    }
}
const DEFAULTS = {
    path: 'databricks',
    'workspace-paths': '/',
    commit: 'true',
    push: 'true',
    'commit-message': 'databricks-dr: snapshot of {host}',
    concurrency: '8',
    'timeout-seconds': '60',
    prune: 'false',
    'allow-replace': 'false',
    'dry-run': 'false',
    'start-clusters': 'false',
    'activate-schedules': 'false',
    'pause-schedules': 'false',
    'on-credentials': 'fail',
    'force-secret-values': 'false',
    'dbfs-max-mb': '100',
    permissions: 'all',
};
function settings_text(lookup, name) {
    const value = lookup(name);
    if (value === undefined)
        return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
}
function withDefault(lookup, name) {
    return settings_text(lookup, name) ?? DEFAULTS[name];
}
function parseBoolean(name, value) {
    if (/^(true|yes|1|on)$/i.test(value))
        return true;
    if (/^(false|no|0|off)$/i.test(value))
        return false;
    throw new InputError(`Input '${name}' must be true or false, got '${value}'`);
}
function parseInteger(name, value, min, max) {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
        throw new InputError(`Input '${name}' must be a whole number from ${min} to ${max}, got '${value}'`);
    return Number(value);
}
/** A list input: one item per line or comma-separated; blank items and `#` comments dropped. */
function parseList(value) {
    return value
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
function parseMode(value) {
    if (value === undefined)
        throw new InputError(`Input 'mode' is required: export, plan or apply`);
    const mode = value.toLowerCase();
    if (mode === 'export' || mode === 'plan' || mode === 'apply')
        return mode;
    throw new InputError(`Input 'mode' must be export, plan or apply, got '${value}'`);
}
function parseSnapshotPath(value, input = 'path') {
    const p = value.replace(/\\/g, '/').replace(/\/+$/, '');
    if (p.startsWith('/') ||
        /^[A-Za-z]:/.test(p) ||
        p.split('/').some((s) => s === '..') ||
        p === '' ||
        p === '.git' ||
        p.startsWith('.git/'))
        throw new InputError(`Input '${input}' must be a path inside the repository, like 'databricks', got '${value}'`);
    return p.replace(/^\.\//, '');
}
function parseWorkspacePaths(value) {
    const paths = parseList(value);
    if (paths.length === 0)
        throw new InputError(`Input 'workspace-paths' needs at least one workspace path, like '/'`);
    for (const p of paths)
        if (!p.startsWith('/') || p.split('/').includes('..'))
            throw new InputError(`Input 'workspace-paths' must hold absolute workspace paths like '/Users', got '${p}'`);
    return paths;
}
function parseHost(value) {
    if (value === undefined)
        return undefined;
    const withScheme = /^[a-z]+:\/\//i.test(value) ? value : `https://${value}`;
    let url;
    try {
        url = new URL(withScheme);
    }
    catch {
        throw new InputError(`Input 'host' must be a workspace URL like https://adb-123.4.azuredatabricks.net, got '${value}'`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new InputError(`Input 'host' must be an https:// workspace URL, got '${value}'`);
    return `${url.protocol}//${url.host}`;
}
function parseSettings(lookup, repoDir) {
    const mode = parseMode(settings_text(lookup, 'mode'));
    const settings = {
        mode,
        connection: {
            host: parseHost(settings_text(lookup, 'host')),
            token: settings_text(lookup, 'token'),
            profile: settings_text(lookup, 'profile'),
            authType: settings_text(lookup, 'auth-type'),
            clientId: settings_text(lookup, 'client-id'),
            clientSecret: settings_text(lookup, 'client-secret'),
            azureClientId: settings_text(lookup, 'azure-client-id'),
            azureClientSecret: settings_text(lookup, 'azure-client-secret'),
            azureTenantId: settings_text(lookup, 'azure-tenant-id'),
        },
        repoDir,
        snapshotPath: parseSnapshotPath(withDefault(lookup, 'path')),
        workspacePaths: parseWorkspacePaths(withDefault(lookup, 'workspace-paths')),
        exclude: parseList(settings_text(lookup, 'exclude') ?? ''),
        commit: parseBoolean('commit', withDefault(lookup, 'commit')),
        push: parseBoolean('push', withDefault(lookup, 'push')),
        commitMessage: withDefault(lookup, 'commit-message'),
        concurrency: parseInteger('concurrency', withDefault(lookup, 'concurrency'), 1, 64),
        timeoutSeconds: parseInteger('timeout-seconds', withDefault(lookup, 'timeout-seconds'), 1, 3600),
        ref: settings_parseRef(settings_text(lookup, 'ref')),
        prune: parseBoolean('prune', withDefault(lookup, 'prune')),
        allowReplace: parseBoolean('allow-replace', withDefault(lookup, 'allow-replace')),
        dryRun: parseBoolean('dry-run', withDefault(lookup, 'dry-run')),
        startClusters: parseBoolean('start-clusters', withDefault(lookup, 'start-clusters')),
        activateSchedules: parseBoolean('activate-schedules', withDefault(lookup, 'activate-schedules')),
        pauseSchedules: parseBoolean('pause-schedules', withDefault(lookup, 'pause-schedules')),
        planFile: settings_text(lookup, 'plan-file'),
        credentials: parseCredentialPolicy(withDefault(lookup, 'on-credentials')),
        secretValues: parseSecretValues(settings_text(lookup, 'secrets')),
        forceSecretValues: parseBoolean('force-secret-values', withDefault(lookup, 'force-secret-values')),
        dbfsMaxBytes: parseInteger('dbfs-max-mb', withDefault(lookup, 'dbfs-max-mb'), 0, 10_000) * 1024 * 1024,
        permissions: parsePermissionsMode(withDefault(lookup, 'permissions')),
    };
    if (settings.activateSchedules && settings.pauseSchedules)
        throw new InputError(`Inputs 'activate-schedules' and 'pause-schedules' cannot both be true: pick cutover or fail back`);
    if (settings.planFile !== undefined)
        parseSnapshotPath(settings.planFile, 'plan-file');
    return settings;
}
/**
 * `{"scope/key": "value"}`. The message of a bad value never repeats the input: it holds secrets.
 */
function parseSecretValues(value) {
    if (value === undefined)
        return {};
    const usage = `Input 'secrets' must be a JSON object of "scope/key": "value" strings`;
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        throw new InputError(`${usage} (it is not valid JSON)`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new InputError(usage);
    const out = {};
    for (const [k, v] of Object.entries(parsed)) {
        if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.\-/]+$/.test(k))
            throw new InputError(`${usage}; '${k.slice(0, 80)}' is not a scope/key name`);
        if (typeof v !== 'string')
            throw new InputError(`${usage}; the value of '${k}' is not a string`);
        out[k] = v;
    }
    return out;
}
function parsePermissionsMode(value) {
    const v = value.toLowerCase();
    if (v === 'all' || v === 'none')
        return v;
    throw new InputError(`Input 'permissions' must be all or none, got '${value}'`);
}
function parseCredentialPolicy(value) {
    const v = value.toLowerCase();
    if (v === 'fail' || v === 'redact')
        return v;
    throw new InputError(`Input 'on-credentials' must be fail or redact, got '${value}'`);
}
/** A git revision; anything that could be read as an option or a range is refused. */
function settings_parseRef(value) {
    if (value === undefined)
        return undefined;
    if (value.startsWith('-') || /\.\.|[\s:?*[\\]/.test(value))
        throw new InputError(`Input 'ref' must be a branch, tag or commit sha, got '${value}'`);
    return value;
}

;// CONCATENATED MODULE: ./src/util/log.ts
/** Keeps every line, for tests and reports. */
class MemoryLog {
    lines = [];
    debug(message) {
        this.lines.push({ level: 'debug', message });
    }
    info(message) {
        this.lines.push({ level: 'info', message });
    }
    warning(message) {
        this.lines.push({ level: 'warning', message });
    }
    error(message) {
        this.lines.push({ level: 'error', message });
    }
    text() {
        return this.lines.map((l) => `${l.level}: ${l.message}`).join('\n');
    }
}
const silentLog = { debug() { }, info() { }, warning() { }, error() { } };
/**
 * Wraps a log so that no secret it is told about ever reaches the output, whatever the caller prints.
 */
class MaskingLog {
    inner;
    secrets = new Set();
    constructor(inner) {
        this.inner = inner;
    }
    addSecret(value) {
        if (value && value.length >= 4)
            this.secrets.add(value);
    }
    mask(message) {
        let out = message;
        for (const secret of this.secrets)
            out = out.split(secret).join('***');
        return out;
    }
    debug(message) {
        this.inner.debug(this.mask(message));
    }
    info(message) {
        this.inner.info(this.mask(message));
    }
    warning(message) {
        this.inner.warning(this.mask(message));
    }
    error(message) {
        this.inner.error(this.mask(message));
    }
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
;// CONCATENATED MODULE: ./src/emulator/errors.ts
/**
 * An error answer from an emulated endpoint. Thrown from a handler (or a store), it becomes the standard
 * Databricks error body `{"error_code": …, "message": …}` (reference §1.3).
 */
class errors_ApiError extends Error {
    status;
    errorCode;
    options;
    constructor(status, 
    /** A string such as RESOURCE_DOES_NOT_EXIST; a number only to reproduce the invalid-token quirk. */
    errorCode, message, options = {}) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.options = options;
        this.name = 'ApiError';
    }
    body() {
        return { error_code: this.errorCode, message: this.message, details: this.options.details };
    }
    /** 400 INVALID_PARAMETER_VALUE, the usual answer to a bad or missing field. */
    static invalidParameter(message) {
        return new errors_ApiError(400, 'INVALID_PARAMETER_VALUE', message);
    }
    static missingField(name) {
        return errors_ApiError.invalidParameter(`Missing required field: ${name}`);
    }
    static notFound(message) {
        return new errors_ApiError(404, 'RESOURCE_DOES_NOT_EXIST', message);
    }
    /** 400, not 409: production answers RESOURCE_ALREADY_EXISTS with 400 (databricks/cli#3386, §1.4). */
    static alreadyExists(message) {
        return new errors_ApiError(400, 'RESOURCE_ALREADY_EXISTS', message);
    }
}

;// CONCATENATED MODULE: ./src/emulator/notebook.ts
/**
 * The SOURCE notebook text format (reference §3) and its conversion to and from Jupyter (.ipynb).
 * The emulator stores every notebook in its SOURCE form, byte for byte as imported.
 */
const NOTEBOOK_LANGUAGES = ['PYTHON', 'SCALA', 'SQL', 'R'];
const COMMENT = { PYTHON: '#', R: '#', SQL: '--', SCALA: '//' };
const EXTENSION = { PYTHON: 'py', R: 'r', SQL: 'sql', SCALA: 'scala' };
const JUPYTER_NAME = {
    PYTHON: 'python',
    R: 'r',
    SQL: 'sql',
    SCALA: 'scala',
};
function notebook_isNotebookLanguage(value) {
    return typeof value === 'string' && NOTEBOOK_LANGUAGES.includes(value);
}
/** The line comment of a language: `#`, `--` or `//`. */
function commentPrefix(language) {
    return COMMENT[language];
}
/** `py`, `scala`, `sql`, `r`: the extension an exported notebook gets, and the export `file_type`. */
function notebookExtension(language) {
    return EXTENSION[language];
}
/** The language a SOURCE notebook file with this name would have (`.r` and `.R` are both R). */
function languageForFileName(name) {
    const ext = /\.([A-Za-z]+)$/.exec(name)?.[1];
    switch (ext === 'R' ? 'r' : ext) {
        case 'py':
            return 'PYTHON';
        case 'scala':
            return 'SCALA';
        case 'sql':
            return 'SQL';
        case 'r':
            return 'R';
        default:
            return undefined;
    }
}
function headerLine(language) {
    return `${COMMENT[language]} Databricks notebook source`;
}
/**
 * Does this content begin with the notebook header of the language? Accepts the exact header and the
 * legacy `… exported at <date>` variant that ~2016 exports carry (reference §3: a tolerant parser should
 * accept both).
 */
function notebook_hasNotebookHeader(content, language) {
    const text = typeof content === 'string' ? content.slice(0, 200) : content.subarray(0, 200).toString('utf8');
    const firstLine = text.split('\n', 1)[0].replace(/\r$/, '');
    const header = headerLine(language);
    return firstLine === header || firstLine.startsWith(`${header} exported at `);
}
/**
 * SOURCE import semantics (reference §2): content that already starts with the header is stored unchanged;
 * otherwise the header line is put in front (`# Databricks notebook source\n` + content, no newline added
 * at the end).
 */
function withNotebookHeader(content, language) {
    if (notebook_hasNotebookHeader(content, language))
        return content;
    return Buffer.concat([Buffer.from(`${headerLine(language)}\n`, 'utf8'), content]);
}
const DATABRICKS_NOTEBOOK_KEY = 'application/vnd.databricks.v1+notebook';
const DATABRICKS_CELL_KEY = 'application/vnd.databricks.v1+cell';
/** Splits SOURCE text into cells on the `COMMAND ----------` separator lines. */
function parseSource(source, language) {
    const prefix = COMMENT[language];
    const lines = source.split('\n');
    if (lines.length > 0 && notebook_hasNotebookHeader(lines[0], language))
        lines.shift();
    const separator = `${prefix} COMMAND ----------`;
    const groups = [[]];
    for (const line of lines) {
        if (line === separator)
            groups.push([]);
        else
            groups[groups.length - 1].push(line);
    }
    return groups.map((group, index) => {
        // Cells are joined by "\n\n<separator>\n\n": one blank line on each side belongs to the layout.
        if (index > 0 && group[0] === '')
            group.shift();
        if (index < groups.length - 1 && group[group.length - 1] === '')
            group.pop();
        const cell = { lines: group, magic: false };
        const title = new RegExp(`^${escapeRegExp(prefix)} DBTITLE (\\d+),(.*)$`).exec(group[0] ?? '');
        if (title) {
            cell.showTitle = title[1] !== '0';
            cell.title = title[2];
            group.shift();
        }
        const magic = `${prefix} MAGIC`;
        if (group.length > 0 && group.every((l) => l === magic || l.startsWith(`${magic} `))) {
            cell.magic = true;
            cell.lines = group.map((l) => (l === magic ? '' : l.slice(magic.length + 1)));
        }
        return cell;
    });
}
/** ipynb `source` as an array of lines, each but the last keeping its newline. */
function toSourceLines(lines) {
    return lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line)).filter((l) => l !== '');
}
/**
 * SOURCE → a minimal valid nbformat 4 notebook: one cell per COMMAND, `%md` cells as markdown, other magic
 * cells as code keeping their magic line, titles and the language in Databricks metadata (the keys the
 * product's own ipynb export uses), no outputs.
 */
function sourceToJupyter(source, language, name) {
    const cells = parseSource(source, language).map((cell) => {
        const metadata = {
            [DATABRICKS_CELL_KEY]: { showTitle: cell.showTitle ?? false, title: cell.title ?? '' },
        };
        if (cell.magic && cell.lines[0] === '%md') {
            return { cell_type: 'markdown', metadata, source: toSourceLines(cell.lines.slice(1)) };
        }
        return {
            cell_type: 'code',
            execution_count: null,
            metadata,
            outputs: [],
            source: toSourceLines(cell.lines),
        };
    });
    const notebook = {
        cells,
        metadata: {
            [DATABRICKS_NOTEBOOK_KEY]: { language: JUPYTER_NAME[language], notebookName: name },
            language_info: { name: JUPYTER_NAME[language] },
        },
        nbformat: 4,
        nbformat_minor: 0,
    };
    return JSON.stringify(notebook, null, 1) + '\n';
}
/** Thrown for content that is not a Jupyter notebook. */
class NotJupyterError extends Error {
}
/** The language recorded in an ipynb, if any (Databricks metadata, then language_info, then kernelspec). */
function jupyterLanguage(ipynb) {
    const notebook = parseIpynb(ipynb);
    const metadata = asRecord(notebook.metadata);
    const candidates = [
        asRecord(metadata[DATABRICKS_NOTEBOOK_KEY]).language,
        asRecord(metadata.language_info).name,
        asRecord(metadata.kernelspec).language,
    ];
    for (const candidate of candidates) {
        if (typeof candidate !== 'string')
            continue;
        const upper = candidate.toUpperCase();
        if (notebook_isNotebookLanguage(upper))
            return upper;
    }
    return undefined;
}
/**
 * ipynb → SOURCE, the inverse of sourceToJupyter: markdown cells become `%md` MAGIC cells, code cells that
 * start with a `%magic` line become MAGIC cells, titles become DBTITLE lines.
 */
function jupyterToSource(ipynb, language) {
    const notebook = parseIpynb(ipynb);
    const prefix = COMMENT[language];
    const cells = notebook.cells.map((raw) => {
        const cell = asRecord(raw);
        const text = Array.isArray(cell.source)
            ? cell.source.join('')
            : typeof cell.source === 'string'
                ? cell.source
                : '';
        let lines = text.split('\n');
        let magic = false;
        if (cell.cell_type === 'markdown') {
            lines = ['%md', ...(text === '' ? [] : lines)];
            magic = true;
        }
        else if (cell.cell_type === 'code' && lines[0].startsWith('%')) {
            magic = true;
        }
        if (magic)
            lines = lines.map((l) => (l === '' ? `${prefix} MAGIC` : `${prefix} MAGIC ${l}`));
        const meta = asRecord(asRecord(cell.metadata)[DATABRICKS_CELL_KEY]);
        if (typeof meta.title === 'string' && meta.title !== '') {
            lines.unshift(`${prefix} DBTITLE ${meta.showTitle === false ? 0 : 1},${meta.title}`);
        }
        return lines.join('\n');
    });
    return `${headerLine(language)}\n${cells.join(`\n\n${prefix} COMMAND ----------\n\n`)}`;
}
function parseIpynb(ipynb) {
    let parsed;
    try {
        parsed = JSON.parse(ipynb);
    }
    catch {
        throw new NotJupyterError('The content is not valid JSON');
    }
    const notebook = asRecord(parsed);
    if (!Array.isArray(notebook.cells) || typeof notebook.nbformat !== 'number') {
        throw new NotJupyterError('The content is not a Jupyter notebook (no cells or nbformat)');
    }
    return notebook;
}
function asRecord(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? value
        : {};
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

;// CONCATENATED MODULE: ./src/emulator/params.ts


/**
 * Reading request parameters the way the API takes them: GET/DELETE in the query string, POST/PUT/PATCH
 * in the JSON body (or as multipart fields). The body is read first, then the query, so a handler need
 * not care which one the client used.
 */
function param(request, name) {
    if (isJsonObject(request.body) && request.body[name] !== undefined)
        return request.body[name];
    const part = request.form?.[name];
    if (part && part.filename === undefined)
        return part.data.toString('utf8');
    const value = request.query[name];
    return Array.isArray(value) ? value[0] : value;
}
function optionalString(request, name) {
    const value = param(request, name);
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string')
        throw errors_ApiError.invalidParameter(`Invalid value for ${name}: expected a string`);
    return value;
}
function requiredString(request, name) {
    const value = optionalString(request, name);
    if (value === undefined || value === '')
        throw errors_ApiError.missingField(name);
    return value;
}
/** Booleans arrive as JSON booleans in bodies and as `true`/`false` in query strings and form fields. */
function optionalBoolean(request, name) {
    const value = param(request, name);
    if (value === undefined || value === null)
        return undefined;
    if (typeof value === 'boolean')
        return value;
    if (value === 'true')
        return true;
    if (value === 'false')
        return false;
    throw errors_ApiError.invalidParameter(`Invalid value for ${name}: expected a boolean, got ${String(value)}`);
}
/** int64 parameters: JSON numbers (bigint beyond 2^53) or decimal strings. */
function optionalInteger(request, name) {
    const value = param(request, name);
    if (value === undefined || value === null)
        return undefined;
    if (typeof value === 'bigint')
        return value;
    if (typeof value === 'number' && Number.isInteger(value))
        return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value)) {
        const n = Number(value);
        return Number.isSafeInteger(n) ? n : BigInt(value);
    }
    throw errors_ApiError.invalidParameter(`Invalid value for ${name}: expected an integer, got ${String(value)}`);
}

;// CONCATENATED MODULE: ./src/emulator/router.ts
/** An explicit answer, for anything beyond "200 with this JSON body". */
class Reply {
    status;
    headers;
    json;
    bytes;
    constructor(status, headers, json, bytes) {
        this.status = status;
        this.headers = headers;
        this.json = json;
        this.bytes = bytes;
    }
    static json(body, status = 200, headers = {}) {
        return new Reply(status, headers, body);
    }
    /** Raw bytes, e.g. `workspace/export?direct_download=true`. */
    static raw(data, contentType, status = 200, headers = {}) {
        return new Reply(status, headers, undefined, { data, contentType });
    }
    /** A status with no body at all (some 429s come like this). */
    static empty(status, headers = {}) {
        return new Reply(status, headers, undefined, { data: Buffer.alloc(0), contentType: '' });
    }
}
/**
 * Maps `METHOD /path` to handlers. Pattern segments are literals, alternatives (`2.0|2.1`, to mount one
 * handler under several API versions), parameters (`:id`) or a trailing rest parameter (`:path*`, which
 * captures the remaining segments joined by `/`). When several patterns match, the most literal wins, so
 * `/api/2.0/permissions/sql/warehouses/:id` can live beside `/api/2.0/permissions/:type/:id`.
 */
class Router {
    routes = [];
    get(pattern, handler, options = {}) {
        return this.add('GET', pattern, handler, options);
    }
    post(pattern, handler, options = {}) {
        return this.add('POST', pattern, handler, options);
    }
    put(pattern, handler, options = {}) {
        return this.add('PUT', pattern, handler, options);
    }
    patch(pattern, handler, options = {}) {
        return this.add('PATCH', pattern, handler, options);
    }
    delete(pattern, handler, options = {}) {
        return this.add('DELETE', pattern, handler, options);
    }
    add(method, pattern, handler, options = {}) {
        const segments = compile(pattern);
        const duplicate = this.routes.find((r) => r.method === method && r.pattern === pattern);
        if (duplicate)
            throw new Error(`Route ${method} ${pattern} is registered twice`);
        this.routes.push({
            method,
            pattern,
            handler,
            options,
            segments,
            rank: segments.map((s) => (s.kind === 'literal' ? 0 : s.kind === 'param' ? 1 : 2)),
            order: this.routes.length,
        });
        this.routes.sort(compareRoutes);
        return this;
    }
    /** The route for a request, or undefined (the server answers ENDPOINT_NOT_FOUND). */
    match(method, path) {
        const parts = path.split('/');
        for (const route of this.routes) {
            if (route.method !== method)
                continue;
            const params = matchSegments(route.segments, parts);
            if (params)
                return { route, params };
        }
        return undefined;
    }
    /** Every registered `METHOD pattern`, for diagnostics. */
    list() {
        return this.routes.map((r) => `${r.method} ${r.pattern}`);
    }
}
function compile(pattern) {
    if (!pattern.startsWith('/'))
        throw new Error(`Route pattern must start with '/': ${pattern}`);
    const parts = pattern.split('/');
    return parts.map((part, i) => {
        if (part.startsWith(':') && part.endsWith('*')) {
            if (i !== parts.length - 1)
                throw new Error(`Rest parameter must be last: ${pattern}`);
            return { kind: 'rest', name: part.slice(1, -1) };
        }
        if (part.startsWith(':'))
            return { kind: 'param', name: part.slice(1) };
        return { kind: 'literal', values: part.split('|') };
    });
}
function compareRoutes(a, b) {
    const n = Math.max(a.rank.length, b.rank.length);
    for (let i = 0; i < n; i++) {
        const diff = (a.rank[i] ?? -1) - (b.rank[i] ?? -1);
        if (diff !== 0)
            return diff;
    }
    return a.order - b.order;
}
function matchSegments(segments, parts) {
    const params = {};
    for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        if (segment.kind === 'rest') {
            if (i >= parts.length)
                return undefined;
            params[segment.name] = parts.slice(i).join('/');
            return params;
        }
        const part = parts[i];
        if (part === undefined)
            return undefined;
        if (segment.kind === 'literal') {
            if (!segment.values.includes(part))
                return undefined;
        }
        else {
            if (part === '')
                return undefined;
            params[segment.name] = part;
        }
    }
    return parts.length === segments.length ? params : undefined;
}

;// CONCATENATED MODULE: ./src/emulator/apis/workspace-store.ts




/** Directories and Git folders hold other objects. */
function isContainer(type) {
    return type === 'DIRECTORY' || type === 'REPO';
}
/**
 * Workspace paths as the API takes them: both `/Users/x` and `/Workspace/Users/x`, duplicate slashes
 * collapsed, a trailing slash ignored. Throws INVALID_PARAMETER_VALUE for a relative or empty path.
 */
function workspace_store_normalizeWorkspacePath(path) {
    if (!path.startsWith('/'))
        throw errors_ApiError.invalidParameter(`Path (${path}) is not absolute.`);
    let normalized = path.replace(/\/{2,}/g, '/');
    if (normalized === '/Workspace' || normalized.startsWith('/Workspace/'))
        normalized = normalized.slice(10);
    if (normalized.length > 1 && normalized.endsWith('/'))
        normalized = normalized.slice(0, -1);
    return normalized === '' ? '/' : normalized;
}
function parentPath(path) {
    const slash = path.lastIndexOf('/');
    return slash <= 0 ? '/' : path.slice(0, slash);
}
function baseName(path) {
    return path.slice(path.lastIndexOf('/') + 1);
}
const doesNotExist = (path) => errors_ApiError.notFound(`Path (${path}) doesn't exist.`);
const alreadyExists = (path) => errors_ApiError.alreadyExists(`Path (${path}) already exists.`);
/**
 * The workspace tree. API-level operations (mkdirs, write, delete, list) behave as the real service,
 * errors included; the `put*`/`remove`/`seedFromDir` helpers are for seeding and assertions: they create
 * missing parents and overwrite whatever is in the way.
 */
class WorkspaceStore {
    context;
    objects = new Map();
    byId = new Map();
    /** Parent path → paths of its direct children, so listing stays cheap in large workspaces. */
    children = new Map();
    constructor(context) {
        this.context = context;
        const now = context.now();
        // The root directory has object id 0, the id the Permissions API uses for it.
        this.add({
            path: '/',
            object_type: 'DIRECTORY',
            object_id: 0,
            resource_id: '0',
            created_at: now,
            modified_at: now,
        });
        // Every real workspace has these two.
        this.mkdirs('/Users');
        this.mkdirs('/Shared');
    }
    get size() {
        return this.objects.size;
    }
    get(path) {
        return this.objects.get(workspace_store_normalizeWorkspacePath(path));
    }
    getById(objectId) {
        return this.byId.get(Number(objectId));
    }
    /** Every object, sorted by path (root first). */
    all() {
        return [...this.objects.values()].sort((a, b) => compare(a.path, b.path));
    }
    /** The direct children of a container, sorted by path. */
    childrenOf(path) {
        const paths = this.children.get(workspace_store_normalizeWorkspacePath(path));
        if (!paths)
            return [];
        return [...paths].sort(compare).map((p) => this.objects.get(p));
    }
    /** What `workspace/list` answers: the children of a directory, or the object itself. */
    list(path) {
        const normalized = workspace_store_normalizeWorkspacePath(path);
        const object = this.objects.get(normalized);
        if (!object)
            throw doesNotExist(normalized);
        return isContainer(object.object_type) ? this.childrenOf(normalized) : [object];
    }
    /** `workspace/mkdirs`: mkdir -p; an existing directory is fine, anything else on the way is an error. */
    mkdirs(path, times = {}) {
        const normalized = workspace_store_normalizeWorkspacePath(path);
        let current = this.objects.get('/');
        let prefix = '';
        for (const name of normalized.split('/').filter(Boolean)) {
            prefix += `/${name}`;
            const existing = this.objects.get(prefix);
            if (existing) {
                if (!isContainer(existing.object_type))
                    throw alreadyExists(prefix);
                current = existing;
                continue;
            }
            current = this.add(this.newObject(prefix, 'DIRECTORY', times));
        }
        return current;
    }
    /**
     * Creates or replaces a notebook, file or other leaf object, as `workspace/import` does: the parent must
     * be an existing directory; an existing object needs `overwrite`, and a directory is never replaced.
     * Overwriting an object of the same type keeps its object_id and created_at (permissions survive).
     */
    write(path, spec, options) {
        const normalized = workspace_store_normalizeWorkspacePath(path);
        if (normalized === '/')
            throw alreadyExists('/');
        if (isContainer(spec.object_type))
            throw new Error('write() is for leaf objects; use mkdirs()');
        const parent = parentPath(normalized);
        // Parents made for a seeded object get its creation time, so a seeded tree does not depend on the clock.
        if (options.createParents)
            this.mkdirs(parent, { createdAt: options.createdAt });
        const parentObject = this.objects.get(parent);
        if (!parentObject)
            throw doesNotExist(parent);
        if (!isContainer(parentObject.object_type))
            throw errors_ApiError.invalidParameter(`Path (${parent}) is not a directory.`);
        const existing = this.objects.get(normalized);
        if (existing && (!options.overwrite || isContainer(existing.object_type)))
            throw alreadyExists(normalized);
        if (existing && existing.object_type === spec.object_type) {
            existing.language = spec.language;
            existing.content = spec.content;
            existing.modified_at = options.modifiedAt ?? this.context.now();
            return existing;
        }
        if (existing)
            this.detach(existing);
        const object = this.newObject(normalized, spec.object_type, options);
        if (spec.language)
            object.language = spec.language;
        if (spec.content)
            object.content = spec.content;
        return this.add(object);
    }
    /** `workspace/delete`. Non-atomic in production too: a recursive delete removes the whole subtree. */
    delete(path, recursive) {
        const normalized = workspace_store_normalizeWorkspacePath(path);
        const object = this.objects.get(normalized);
        if (!object)
            throw doesNotExist(normalized);
        if (normalized === '/')
            throw errors_ApiError.invalidParameter('Cannot delete the root directory.');
        if (!recursive && (this.children.get(normalized)?.size ?? 0) > 0) {
            throw new errors_ApiError(400, 'DIRECTORY_NOT_EMPTY', `Folder (${normalized}) is not empty.`);
        }
        this.detachTree(object);
    }
    /** ObjectInfo of an object: timestamps for notebooks and files, size for files (§2.1). */
    info(object) {
        const info = {
            path: object.path,
            object_type: object.object_type,
            object_id: object.object_id,
            resource_id: object.resource_id,
        };
        if (object.object_type === 'NOTEBOOK')
            info.language = object.language;
        if (object.object_type === 'NOTEBOOK' || object.object_type === 'FILE') {
            info.created_at = object.created_at;
            info.modified_at = object.modified_at;
        }
        if (object.object_type === 'FILE')
            info.size = object.content?.length ?? 0;
        return info;
    }
    // ----- seeding helpers ------------------------------------------------------------------------------
    /** A notebook from SOURCE text; the header is added when missing, as a SOURCE import does. */
    putNotebook(path, language, source, times = {}) {
        const content = withNotebookHeader(typeof source === 'string' ? Buffer.from(source, 'utf8') : source, language);
        return this.write(path, { object_type: 'NOTEBOOK', language, content }, { overwrite: true, createParents: true, ...times });
    }
    putFile(path, bytes, times = {}) {
        const content = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
        return this.write(path, { object_type: 'FILE', content }, { overwrite: true, createParents: true, ...times });
    }
    /** Any other object type (LIBRARY, DASHBOARD, MLFLOW_EXPERIMENT, REPO, DIRECTORY), without content. */
    putObject(path, objectType, times = {}) {
        if (objectType === 'DIRECTORY')
            return this.mkdirs(path, times);
        if (objectType === 'REPO') {
            const normalized = workspace_store_normalizeWorkspacePath(path);
            this.mkdirs(parentPath(normalized));
            const existing = this.objects.get(normalized);
            if (existing)
                this.detachTree(existing);
            return this.add(this.newObject(normalized, 'REPO', times));
        }
        return this.write(path, { object_type: objectType }, { overwrite: true, createParents: true, ...times });
    }
    /** Removes an object and everything under it; false when there was nothing. */
    remove(path) {
        const object = this.get(path);
        if (!object || object.path === '/')
            return false;
        this.detachTree(object);
        return true;
    }
    /**
     * Copies a local folder into the workspace under `root`: folders become directories; `.py/.sql/.scala/.r`
     * files whose first line is the notebook header become notebooks without the extension; every other file
     * becomes a workspace file, byte for byte. `.git` folders are skipped. Returns the number of objects made.
     */
    seedFromDir(dir, root = '/') {
        let count = 0;
        const walk = (local, remote) => {
            for (const name of (0,external_node_fs_namespaceObject.readdirSync)(local).sort(compare)) {
                if (name === '.git')
                    continue;
                const localPath = (0,external_node_path_namespaceObject.join)(local, name);
                const remotePath = remote === '/' ? `/${name}` : `${remote}/${name}`;
                const stat = (0,external_node_fs_namespaceObject.statSync)(localPath);
                if (stat.isDirectory()) {
                    this.mkdirs(remotePath);
                    count++;
                    walk(localPath, remotePath);
                }
                else if (stat.isFile()) {
                    const bytes = (0,external_node_fs_namespaceObject.readFileSync)(localPath);
                    const language = languageForFileName(name);
                    if (language && notebook_hasNotebookHeader(bytes, language)) {
                        this.putNotebook(remotePath.replace(/\.[^./]+$/, ''), language, bytes);
                    }
                    else {
                        this.putFile(remotePath, bytes);
                    }
                    count++;
                }
            }
        };
        const base = workspace_store_normalizeWorkspacePath(root);
        this.mkdirs(base);
        walk(dir, base);
        return count;
    }
    // ----- internals ------------------------------------------------------------------------------------
    newObject(path, objectType, times) {
        const id = this.context.ids.int64();
        const now = this.context.now();
        return {
            path,
            object_type: objectType,
            object_id: id,
            resource_id: String(id),
            created_at: times.createdAt ?? now,
            modified_at: times.modifiedAt ?? times.createdAt ?? now,
        };
    }
    add(object) {
        this.objects.set(object.path, object);
        this.byId.set(object.object_id, object);
        if (object.path !== '/') {
            const parent = parentPath(object.path);
            let siblings = this.children.get(parent);
            if (!siblings)
                this.children.set(parent, (siblings = new Set()));
            siblings.add(object.path);
        }
        return object;
    }
    detach(object) {
        this.objects.delete(object.path);
        this.byId.delete(object.object_id);
        this.children.get(parentPath(object.path))?.delete(object.path);
        this.children.delete(object.path);
    }
    detachTree(object) {
        for (const childPath of [...(this.children.get(object.path) ?? [])]) {
            const child = this.objects.get(childPath);
            if (child)
                this.detachTree(child);
        }
        this.detach(object);
    }
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/emulator/apis/workspace.ts
/**
 * Workspace API 2.0 (reference §2, §3): list, get-status, export, import (JSON and multipart), mkdirs,
 * delete. Decisions where the reference is silent are noted at each place.
 */






/** 10 MB: the `content` limit of import and export (§2.2). */
const workspace_MAX_CONTENT_BYTES = 10 * 1024 * 1024;
const FORMATS = ['SOURCE', 'HTML', 'JUPYTER', 'DBC', 'R_MARKDOWN', 'AUTO', 'RAW'];
const workspaceApi = {
    name: 'workspace',
    register(router, state) {
        const store = state.workspace;
        router.get('/api/2.0/workspace/list', (request) => {
            const path = workspace_store_normalizeWorkspacePath(requiredString(request, 'path'));
            const after = optionalInteger(request, 'notebooks_modified_after');
            let objects = store.list(path);
            // The filter is about notebooks only; other objects are always listed.
            if (after !== undefined) {
                objects = objects.filter((o) => o.object_type !== 'NOTEBOOK' || o.modified_at > Number(after));
            }
            return { objects: objects.map((o) => store.info(o)) };
        });
        router.get('/api/2.0/workspace/get-status', (request) => {
            const path = workspace_store_normalizeWorkspacePath(requiredString(request, 'path'));
            const object = store.get(path);
            if (!object)
                throw doesNotExist(path);
            return store.info(object);
        });
        router.get('/api/2.0/workspace/export', (request) => {
            const path = workspace_store_normalizeWorkspacePath(requiredString(request, 'path'));
            const format = formatParam(request);
            const directDownload = optionalBoolean(request, 'direct_download') ?? false;
            const object = store.get(path);
            if (!object)
                throw doesNotExist(path);
            const exported = workspace_exportObject(object, format);
            if (exported.data.length > workspace_MAX_CONTENT_BYTES) {
                throw new errors_ApiError(400, 'MAX_NOTEBOOK_SIZE_EXCEEDED', `File size exported is (${exported.data.length} bytes), exceeded max size (${workspace_MAX_CONTENT_BYTES} bytes)`);
            }
            if (directDownload) {
                return Reply.raw(exported.data, 'application/octet-stream', 200, {
                    'Content-Disposition': contentDisposition(exported.fileName),
                });
            }
            return { content: exported.data.toString('base64'), file_type: exported.fileType };
        });
        router.post('/api/2.0/workspace/import', (request) => {
            const path = workspace_store_normalizeWorkspacePath(requiredString(request, 'path'));
            const format = formatParam(request);
            const language = languageParam(request);
            const overwrite = optionalBoolean(request, 'overwrite') ?? false;
            const content = importContent(request);
            if (content.length > workspace_MAX_CONTENT_BYTES) {
                throw new errors_ApiError(400, 'MAX_NOTEBOOK_SIZE_EXCEEDED', `File size imported is (${content.length} bytes), exceeded max size (${workspace_MAX_CONTENT_BYTES} bytes)`);
            }
            const notebook = (at, lang, source) => store.write(at, { object_type: 'NOTEBOOK', language: lang, content: source }, { overwrite });
            const file = (at) => store.write(at, { object_type: 'FILE', content }, { overwrite });
            switch (format) {
                case 'SOURCE':
                    // Without a language the real API expects a directory archive, which the emulator does not take.
                    if (!language) {
                        throw errors_ApiError.invalidParameter('The language field is required to import a single notebook in SOURCE format.');
                    }
                    // The path is kept as given: SOURCE import of x.py makes a notebook named x.py.
                    notebook(path, language, withNotebookHeader(content, language));
                    break;
                case 'AUTO': {
                    // Header detection (§3): a notebook, extension stripped, only with the header of its extension.
                    const byExtension = languageForFileName(path);
                    if (byExtension && notebook_hasNotebookHeader(content, byExtension)) {
                        notebook(stripExtension(path), byExtension, content);
                    }
                    else if (path.endsWith('.ipynb') && looksLikeJupyter(content)) {
                        const text = content.toString('utf8');
                        const lang = jupyterLanguage(text) ?? 'PYTHON';
                        notebook(stripExtension(path), lang, Buffer.from(jupyterToSource(text, lang), 'utf8'));
                    }
                    else {
                        file(path);
                    }
                    break;
                }
                case 'JUPYTER': {
                    const text = content.toString('utf8');
                    try {
                        const lang = language ?? jupyterLanguage(text) ?? 'PYTHON';
                        notebook(path, lang, Buffer.from(jupyterToSource(text, lang), 'utf8'));
                    }
                    catch (error) {
                        if (error instanceof NotJupyterError)
                            throw errors_ApiError.invalidParameter(error.message);
                        throw error;
                    }
                    break;
                }
                case 'RAW':
                    file(path);
                    break;
                default:
                    throw notSupported(format, 'import');
            }
            return {};
        });
        router.post('/api/2.0/workspace/mkdirs', (request) => {
            store.mkdirs(requiredString(request, 'path'));
            return {};
        });
        router.post('/api/2.0/workspace/delete', (request) => {
            store.delete(requiredString(request, 'path'), optionalBoolean(request, 'recursive') ?? false);
            return {};
        });
    },
};
function formatParam(request) {
    const format = optionalString(request, 'format') ?? 'SOURCE';
    // Values are case sensitive (§2.2).
    if (!FORMATS.includes(format)) {
        throw errors_ApiError.invalidParameter(`Invalid format: ${format}. Expected one of ${FORMATS.join(', ')}.`);
    }
    return format;
}
function languageParam(request) {
    const language = optionalString(request, 'language');
    if (language === undefined || language === '')
        return undefined;
    if (!notebook_isNotebookLanguage(language)) {
        throw errors_ApiError.invalidParameter(`Invalid language: ${language}. Expected one of PYTHON, SCALA, SQL, R.`);
    }
    return language;
}
/** The bytes to import: a multipart `content` part, or the base64 `content` of a JSON body. */
function importContent(request) {
    const part = request.form?.content;
    if (part)
        return part.data;
    const content = isJsonObject(request.body) ? request.body.content : undefined;
    if (content === undefined || content === null)
        return Buffer.alloc(0);
    if (typeof content !== 'string')
        throw errors_ApiError.invalidParameter('Invalid value for content: expected a string');
    // Some clients wrap base64 at 76 columns (Python's encodebytes); whitespace is not part of the data.
    const compact = content.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
        throw errors_ApiError.invalidParameter('The content is not valid base64.');
    }
    return Buffer.from(compact, 'base64');
}
/**
 * One object in one format. Notebooks: SOURCE and AUTO give the stored SOURCE bytes, JUPYTER a converted
 * ipynb. Files: SOURCE, AUTO and RAW give the bytes as stored. Directories are not exported as archives
 * (clients walk with list and export each object, as the Databricks CLI does); LIBRARY, DASHBOARD,
 * MLFLOW_EXPERIMENT and other types cannot be exported.
 */
function workspace_exportObject(object, format) {
    const name = baseName(object.path);
    switch (object.object_type) {
        case 'NOTEBOOK': {
            const language = object.language ?? 'PYTHON';
            const content = object.content ?? Buffer.alloc(0);
            if (format === 'SOURCE' || format === 'AUTO') {
                const ext = notebookExtension(language);
                return { data: content, fileType: ext, fileName: `${name}.${ext}` };
            }
            if (format === 'JUPYTER') {
                const ipynb = sourceToJupyter(content.toString('utf8'), language, name);
                return { data: Buffer.from(ipynb, 'utf8'), fileType: 'ipynb', fileName: `${name}.ipynb` };
            }
            if (format === 'RAW') {
                throw errors_ApiError.invalidParameter(`Cannot export notebook ${object.path} in RAW format: RAW is for workspace files; use SOURCE.`);
            }
            throw notSupported(format, 'export');
        }
        case 'FILE': {
            if (format === 'SOURCE' || format === 'AUTO' || format === 'RAW') {
                const ext = /\.([^./]+)$/.exec(name)?.[1];
                return { data: object.content ?? Buffer.alloc(0), fileType: ext, fileName: name };
            }
            throw errors_ApiError.invalidParameter(`Cannot export workspace file ${object.path} in ${format} format: files export as SOURCE, AUTO or RAW.`);
        }
        case 'DIRECTORY':
        case 'REPO':
            throw errors_ApiError.invalidParameter(`Cannot export directory ${object.path}: the emulator does not export directories as archives; ` +
                'list the directory and export each object.');
        default:
            throw errors_ApiError.invalidParameter(`Cannot export ${object.path}: objects of type ${object.object_type} cannot be exported.`);
    }
}
function notSupported(format, action) {
    return new errors_ApiError(501, 'NOT_IMPLEMENTED', `The emulator does not ${action} the ${format} format.`);
}
function stripExtension(path) {
    return path.replace(/\.[^./]+$/, '');
}
function looksLikeJupyter(content) {
    try {
        jupyterLanguage(content.toString('utf8'));
        return true;
    }
    catch {
        return false;
    }
}
/** RFC 6266 with an RFC 5987 UTF-8 name, since workspace names are often not ASCII. */
function contentDisposition(fileName) {
    const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

;// CONCATENATED MODULE: ./src/emulator/apis/clusters.ts
/**
 * Clusters API (reference §4) under both /api/2.0 and /api/2.1, and Libraries API 2.0 (§7). The two
 * versions share one store; only list differs (2.1 pages with page_size/page_token, 2.0 answers at once).
 */



const clusters_V = '/api/2.0|2.1/clusters';
/** The JSON body of a POST as an object; an empty body is `{}`. */
function bodyObject(request) {
    if (request.body === undefined)
        return {};
    if (!isJsonObject(request.body))
        throw new errors_ApiError(400, 'MALFORMED_REQUEST', 'Request body must be a JSON object.');
    return request.body;
}
function queryList(request, name) {
    const v = request.query[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
const CLUSTER_SOURCES = ['API', 'JOB', 'MODELS', 'PIPELINE', 'PIPELINE_MAINTENANCE', 'SQL', 'UI'];
const CLUSTER_STATES = [
    'PENDING',
    'RUNNING',
    'RESTARTING',
    'RESIZING',
    'TERMINATING',
    'TERMINATED',
    'ERROR',
    'UNKNOWN',
];
/** A repeated enum query parameter (`filter_by.cluster_states=RUNNING&filter_by.cluster_states=...`). */
function enumList(request, name, allowed) {
    const values = queryList(request, name);
    const bad = values.find((v) => !allowed.includes(v));
    if (bad !== undefined)
        throw errors_ApiError.invalidParameter(`Invalid value '${bad}' for ${name}: expected one of ${allowed.join(', ')}.`);
    return values;
}
function enumOne(request, name, allowed) {
    const value = optionalString(request, name);
    if (value !== undefined && !allowed.includes(value))
        throw errors_ApiError.invalidParameter(`Invalid value '${value}' for ${name}: expected one of ${allowed.join(', ')}.`);
    return value;
}
const NODE_TYPES = [
    {
        node_type_id: 'Standard_DS3_v2',
        instance_type_id: 'Standard_DS3_v2',
        memory_mb: 14336,
        num_cores: 4.0,
        description: 'Standard_DS3_v2',
        category: 'General Purpose',
    },
    {
        node_type_id: 'Standard_DS4_v2',
        instance_type_id: 'Standard_DS4_v2',
        memory_mb: 28672,
        num_cores: 8.0,
        description: 'Standard_DS4_v2',
        category: 'General Purpose',
    },
    {
        node_type_id: 'Standard_F4s',
        instance_type_id: 'Standard_F4s',
        memory_mb: 8192,
        num_cores: 4.0,
        description: 'Standard_F4s',
        category: 'Compute Optimized',
    },
    {
        node_type_id: 'Standard_E8ds_v4',
        instance_type_id: 'Standard_E8ds_v4',
        memory_mb: 65536,
        num_cores: 8.0,
        description: 'Standard_E8ds_v4',
        category: 'Memory Optimized',
    },
].map((n) => ({
    ...n,
    num_gpus: 0,
    is_deprecated: false,
    is_hidden: false,
    photon_driver_capable: true,
    photon_worker_capable: true,
    support_cluster_tags: true,
    support_port_forwarding: true,
}));
const SPARK_VERSIONS = [
    { key: '16.4.x-scala2.12', name: '16.4 LTS (includes Apache Spark 3.5.2, Scala 2.12)' },
    { key: '15.4.x-scala2.12', name: '15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)' },
    { key: '15.4.x-cpu-ml-scala2.12', name: '15.4 LTS ML (includes Apache Spark 3.5.0, Scala 2.12)' },
    { key: '13.3.x-scala2.12', name: '13.3 LTS (includes Apache Spark 3.4.1, Scala 2.12)' },
];
const clustersApi = {
    name: 'clusters',
    register(router, state) {
        const store = state.compute;
        const clusterIdOf = (request) => requiredString(request, 'cluster_id');
        /** Filters and sort order of 2.1 list (§4); 2.0 ignores them, as it has none. */
        const listed = (request) => {
            const sources = enumList(request, 'filter_by.cluster_sources', CLUSTER_SOURCES);
            const states = enumList(request, 'filter_by.cluster_states', CLUSTER_STATES);
            const pinned = optionalBoolean(request, 'filter_by.is_pinned');
            const policy = optionalString(request, 'filter_by.policy_id');
            const field = enumOne(request, 'sort_by.field', ['CLUSTER_NAME', 'DEFAULT']) ?? 'DEFAULT';
            const direction = enumOne(request, 'sort_by.direction', ['ASC', 'DESC']) ?? 'ASC';
            const all = [...store.clusters.values()].filter((c) => (sources.length === 0 || sources.includes(c.cluster_source)) &&
                (states.length === 0 || states.includes(c.state)) &&
                (pinned === undefined || (c.pinned === true) === pinned) &&
                (policy === undefined || (c.spec?.policy_id ?? c.seeded?.policy_id) === policy));
            const name = (c) => String(c.spec?.cluster_name ?? c.seeded?.cluster_name ?? '');
            // DEFAULT: pinned first, then running before the rest, then by name (the UI's order); ids break ties.
            const ended = (c) => c.state === 'TERMINATED' || c.state === 'TERMINATING';
            const rank = (c) => (c.pinned ? 0 : 2) + (ended(c) ? 1 : 0);
            all.sort((a, b) => (field === 'DEFAULT' ? rank(a) - rank(b) : 0) ||
                name(a).localeCompare(name(b)) ||
                a.cluster_id.localeCompare(b.cluster_id));
            if (direction === 'DESC')
                all.reverse();
            return all;
        };
        router.get('/api/2.0/clusters/list', () => ({
            clusters: [...store.clusters.values()].map((c) => store.details(c, false)),
        }));
        router.get('/api/2.1/clusters/list', (request) => {
            const all = listed(request);
            const size = Number(optionalInteger(request, 'page_size') ?? 20);
            if (size < 1 || size > 100)
                throw errors_ApiError.invalidParameter('page_size must be between 1 and 100.');
            const token = optionalString(request, 'page_token');
            let offset = 0;
            if (token) {
                offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
                if (!Number.isInteger(offset) || offset < 0)
                    throw errors_ApiError.invalidParameter(`Invalid page_token: ${token}`);
            }
            const page = all.slice(offset, offset + size);
            const out = { clusters: page.map((c) => store.details(c, false)) };
            if (offset + size < all.length)
                out.next_page_token = Buffer.from(String(offset + size)).toString('base64url');
            if (offset > 0)
                out.prev_page_token = Buffer.from(String(Math.max(0, offset - size))).toString('base64url');
            return out;
        });
        router.get(`${clusters_V}/get`, (request) => store.details(store.getCluster(clusterIdOf(request)), true));
        router.post(`${clusters_V}/create`, (request) => {
            const body = bodyObject(request);
            if (body.cluster_id !== undefined)
                throw errors_ApiError.invalidParameter('cluster_id must not be set on create.');
            return { cluster_id: store.createCluster(body).cluster_id };
        });
        router.post(`${clusters_V}/edit`, (request) => {
            const body = bodyObject(request);
            store.editCluster(clusterIdOf(request), body);
            return {};
        });
        router.post(`${clusters_V}/delete`, (request) => {
            store.terminateCluster(clusterIdOf(request));
            return {};
        });
        router.post(`${clusters_V}/permanent-delete`, (request) => {
            store.permanentDeleteCluster(clusterIdOf(request));
            return {};
        });
        router.post(`${clusters_V}/start`, (request) => {
            store.startCluster(clusterIdOf(request));
            return {};
        });
        // Pinning keeps a cluster listed after 30 days of termination; here it only marks it for list filters.
        for (const [action, value] of [
            ['pin', true],
            ['unpin', false],
        ])
            router.post(`${clusters_V}/${action}`, (request) => {
                store.getCluster(clusterIdOf(request)).pinned = value;
                return {};
            });
        router.get(`${clusters_V}/list-node-types`, () => ({ node_types: NODE_TYPES }));
        router.get(`${clusters_V}/spark-versions`, () => ({ versions: SPARK_VERSIONS }));
        // ----- Libraries API 2.0 ------------------------------------------------------------------------------
        router.get('/api/2.0/libraries/cluster-status', (request) => {
            const cluster = store.getCluster(clusterIdOf(request));
            return { cluster_id: cluster.cluster_id, library_statuses: store.libraryStatuses(cluster) };
        });
        router.get('/api/2.0/libraries/all-cluster-statuses', () => ({
            statuses: [...store.clusters.values()]
                .filter((c) => c.libraries.length + store.allClusterLibraries.length > 0)
                .map((c) => ({ cluster_id: c.cluster_id, library_statuses: store.libraryStatuses(c) })),
        }));
        const libraries = (request) => {
            const body = bodyObject(request);
            if (!Array.isArray(body.libraries))
                throw errors_ApiError.missingField('libraries');
            return body.libraries;
        };
        router.post('/api/2.0/libraries/install', (request) => {
            store.installLibraries(clusterIdOf(request), libraries(request));
            return {};
        });
        router.post('/api/2.0/libraries/uninstall', (request) => {
            store.uninstallLibraries(clusterIdOf(request), libraries(request));
            return {};
        });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/compute-store.ts
/**
 * Compute objects of one emulated workspace: clusters (with their libraries), instance pools and cluster
 * policies (reference §4–§7). They live in one store because they point at each other: a cluster names a
 * pool and a policy, a policy definition may name a pool, libraries belong to a cluster.
 */


/** The user the emulator acts as; shows in creator_user_name and default_tags. */
const EMULATOR_USER = 'admin@example.com';
/** Policy families every workspace has (§6); definitions abridged from the product's. */
const POLICY_FAMILIES = {
    'personal-vm': {
        name: 'Personal Compute',
        definition: {
            'spark_conf.spark.databricks.cluster.profile': { type: 'forbidden', hidden: true },
            spark_version: { type: 'unlimited', defaultValue: 'auto:latest-ml' },
            node_type_id: { type: 'unlimited', defaultValue: 'Standard_DS3_v2', isOptional: true },
            num_workers: { type: 'fixed', value: 0, hidden: true },
            data_security_mode: { type: 'allowlist', values: ['SINGLE_USER', 'LEGACY_SINGLE_USER'] },
            autotermination_minutes: { type: 'unlimited', defaultValue: 4320, isOptional: true },
        },
    },
    'shared-compute': {
        name: 'Shared Compute',
        definition: {
            data_security_mode: { type: 'fixed', value: 'USER_ISOLATION', hidden: true },
            spark_version: { type: 'unlimited', defaultValue: 'auto:latest-lts' },
        },
    },
    'job-cluster': {
        name: 'Job Compute',
        definition: {
            cluster_type: { type: 'fixed', value: 'job' },
            num_workers: { type: 'unlimited', defaultValue: 4, isOptional: true },
        },
    },
};
/** Fields of ClusterDetails that ClusterSpec does not have (§4.2), never part of `spec`. */
const CREATE_ONLY = ['clone_from'];
/** Instance pool fields EditInstancePool takes besides the id, name and node type (§5). */
const POOL_EDITABLE = [
    'custom_tags',
    'idle_instance_autotermination_minutes',
    'max_capacity',
    'min_idle_instances',
    'enable_auto_alternate_node_types',
    'remote_disk_throughput',
    'total_initial_remote_disk_size',
];
const POOL_WORDS = ['brick', 'spark', 'delta', 'lake', 'photon'];
const clone = (v) => parseJson(toJson(v));
function pad(n) {
    return String(n).padStart(2, '0');
}
const clusterDoesNotExist = (id) => errors_ApiError.invalidParameter(`Cluster ${id} does not exist`);
class ComputeStore {
    context;
    clusters = new Map();
    pools = new Map();
    policies = new Map();
    constructor(context) {
        this.context = context;
        // Every real workspace has the Databricks-managed "Personal Compute" policy (is_default, family-based).
        this.addPolicy({
            policy_id: this.newPolicyId(),
            name: 'Personal Compute',
            policy_family_id: 'personal-vm',
            is_default: true,
            created_at_timestamp: context.now(),
        });
    }
    // ----- ids --------------------------------------------------------------------------------------------
    /** `MMDD-HHMMSS-xxxxxxxx` from the emulator clock (§4). */
    timePrefix() {
        const d = new Date(this.context.now());
        return `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
    }
    newClusterId() {
        for (;;) {
            const id = `${this.timePrefix()}-${this.context.ids.alnum(8)}`;
            if (!this.clusters.has(id))
                return id;
        }
    }
    newPoolId() {
        for (;;) {
            const word = `${this.context.random.pick(POOL_WORDS)}${this.context.random.int(1, 10)}`;
            const id = `${this.timePrefix()}-${word}-pool-${this.context.ids.alnum(8).toUpperCase()}`;
            if (!this.pools.has(id))
                return id;
        }
    }
    newPolicyId() {
        for (;;) {
            const id = this.context.ids.hex(16, true);
            if (!this.policies.has(id))
                return id;
        }
    }
    /** An int64 beyond 2^53, as real spark_context_ids are, so clients must parse JSON losslessly. */
    sparkContextId() {
        return 4000000000000000000n + BigInt(this.context.random.int(0, 2 ** 31)) * 2000000000n + 7n;
    }
    // ----- clusters ---------------------------------------------------------------------------------------
    getCluster(id) {
        const cluster = this.clusters.get(id);
        if (!cluster)
            throw clusterDoesNotExist(id);
        return cluster;
    }
    /** Checks the pools and policy a cluster spec names, as create and edit do. */
    checkClusterRefs(spec) {
        if (typeof spec.spark_version !== 'string' || spec.spark_version === '')
            throw errors_ApiError.missingField('spark_version');
        this.checkPoolsAndPolicy(spec);
        if (spec.instance_pool_id === undefined &&
            spec.node_type_id === undefined &&
            spec.policy_id === undefined)
            throw errors_ApiError.invalidParameter('Missing required field: node_type_id');
    }
    /** The pools and the policy a cluster spec (of a cluster, or a job's new_cluster) names must exist. */
    checkPoolsAndPolicy(spec) {
        for (const field of ['instance_pool_id', 'driver_instance_pool_id']) {
            const id = spec[field];
            if (id === undefined)
                continue;
            if (typeof id !== 'string' || !this.pools.has(id))
                throw errors_ApiError.invalidParameter(`Instance pool ${String(id)} does not exist.`);
        }
        if (spec.policy_id !== undefined) {
            const id = spec.policy_id;
            if (typeof id !== 'string' || !this.policies.has(id))
                throw errors_ApiError.invalidParameter(`Can't find a cluster policy with id: ${String(id)}.`);
        }
    }
    createCluster(body) {
        const spec = clone(body);
        for (const f of CREATE_ONLY)
            delete spec[f];
        this.checkClusterRefs(spec);
        const cluster = {
            cluster_id: this.newClusterId(),
            spec,
            cluster_source: 'API',
            creator_user_name: EMULATOR_USER,
            state: 'PENDING',
            pendingReadsLeft: 1,
            start_time: this.context.now(),
            spark_context_id: this.sparkContextId(),
            libraries: [],
        };
        this.clusters.set(cluster.cluster_id, cluster);
        return cluster;
    }
    /** Seeds a cluster from a `clusters/get` answer (e.g. a fixture); it round-trips as given. */
    seedCluster(details, libraries = []) {
        const id = typeof details.cluster_id === 'string' ? details.cluster_id : this.newClusterId();
        const state = (typeof details.state === 'string' ? details.state : 'RUNNING');
        const cluster = {
            cluster_id: id,
            seeded: { ...clone(details), cluster_id: id },
            spec: isJsonObject(details.spec) ? clone(details.spec) : undefined,
            cluster_source: typeof details.cluster_source === 'string' ? details.cluster_source : 'UI',
            creator_user_name: typeof details.creator_user_name === 'string' ? details.creator_user_name : EMULATOR_USER,
            state,
            pendingReadsLeft: 0,
            start_time: Number(details.start_time ?? this.context.now()),
            spark_context_id: typeof details.spark_context_id === 'bigint'
                ? details.spark_context_id
                : typeof details.spark_context_id === 'number'
                    ? BigInt(Math.trunc(details.spark_context_id))
                    : this.sparkContextId(),
            libraries: [],
            pinned: typeof details.pinned_by_user_name === 'string',
        };
        this.clusters.set(id, cluster);
        this.installLibraries(id, libraries);
        return cluster;
    }
    editCluster(id, body) {
        const cluster = this.getCluster(id);
        if (cluster.cluster_source === 'JOB')
            throw errors_ApiError.invalidParameter(`Cannot edit cluster ${id}: it is a job cluster.`);
        if (cluster.state !== 'RUNNING' && cluster.state !== 'TERMINATED')
            throw new errors_ApiError(400, 'INVALID_STATE', `Cluster ${id} is in unexpected state ${cluster.state}.`);
        const spec = clone(body);
        delete spec.cluster_id;
        for (const f of CREATE_ONLY)
            delete spec[f];
        this.checkClusterRefs(spec);
        // Edit replaces the whole spec; a running cluster restarts with it (libraries marked for removal go).
        cluster.spec = spec;
        cluster.seeded = undefined;
        if (cluster.state === 'RUNNING')
            this.restart(cluster);
    }
    /** clusters/delete: asynchronous, as in production (§4): TERMINATING for one read, then TERMINATED. */
    terminateCluster(id) {
        const cluster = this.getCluster(id);
        if (cluster.state === 'TERMINATED' || cluster.state === 'TERMINATING')
            return;
        cluster.state = 'TERMINATING';
        cluster.pendingReadsLeft = 1;
        cluster.termination_reason = {
            code: 'USER_REQUEST',
            type: 'SUCCESS',
            parameters: { username: EMULATOR_USER },
        };
    }
    startCluster(id) {
        const cluster = this.getCluster(id);
        if (cluster.cluster_source === 'JOB')
            throw errors_ApiError.invalidParameter(`Cannot start cluster ${id}: it is a job cluster.`);
        if (cluster.state !== 'TERMINATED')
            return;
        cluster.state = 'PENDING';
        cluster.pendingReadsLeft = 1;
        cluster.start_time = this.context.now();
        cluster.terminated_time = undefined;
        cluster.termination_reason = undefined;
    }
    permanentDeleteCluster(id) {
        this.getCluster(id);
        this.clusters.delete(id);
    }
    /**
     * Moves a PENDING or TERMINATING cluster on: each read serves that state once, then the cluster is
     * RUNNING or TERMINATED.
     */
    observe(cluster) {
        if (cluster.state === 'PENDING' || cluster.state === 'TERMINATING') {
            if (cluster.pendingReadsLeft > 0) {
                cluster.pendingReadsLeft--;
                return cluster.state;
            }
            if (cluster.state === 'PENDING')
                this.settle(cluster);
            else {
                cluster.state = 'TERMINATED';
                cluster.terminated_time = this.context.now();
            }
        }
        return cluster.state;
    }
    /** Finishes a start: RUNNING, with the libraries installed and the uninstalled ones gone. */
    settle(cluster) {
        if (cluster.state !== 'PENDING' && cluster.state !== 'RESTARTING')
            return;
        cluster.state = 'RUNNING';
        cluster.pendingReadsLeft = 0;
        this.restart(cluster);
    }
    restart(cluster) {
        cluster.libraries = cluster.libraries.filter((l) => l.status !== 'UNINSTALL_ON_RESTART');
        for (const l of cluster.libraries)
            if (l.status === 'PENDING')
                l.status = 'INSTALLED';
        cluster.spark_context_id = this.sparkContextId();
    }
    /** ClusterDetails as get answers it; list leaves out `spec` (§4). */
    details(cluster, withSpec) {
        const state = this.observe(cluster);
        const live = {
            state,
            state_message: state === 'PENDING'
                ? 'Finding instances for new nodes, acquiring more instances if necessary'
                : state === 'TERMINATING'
                    ? 'Terminating the cluster'
                    : '',
            start_time: cluster.start_time,
            spark_context_id: cluster.spark_context_id,
        };
        if (cluster.terminated_time !== undefined)
            live.terminated_time = cluster.terminated_time;
        if (cluster.termination_reason)
            live.termination_reason = cluster.termination_reason;
        if (cluster.seeded) {
            const out = { ...clone(cluster.seeded), ...live };
            if (cluster.terminated_time === undefined)
                delete out.terminated_time;
            if (!cluster.termination_reason)
                delete out.termination_reason;
            if (!withSpec)
                delete out.spec;
            return out;
        }
        const spec = cluster.spec ?? {};
        const out = { ...clone(spec), cluster_id: cluster.cluster_id };
        // Server-side defaults echoed on GET although the user never sent them (§4.2, §20).
        if (!out.aws_attributes && !out.gcp_attributes)
            out.azure_attributes = {
                first_on_demand: 1,
                availability: 'ON_DEMAND_AZURE',
                spot_bid_max_price: -1,
                ...(isJsonObject(out.azure_attributes) ? out.azure_attributes : {}),
            };
        out.enable_elastic_disk ??= true;
        out.enable_local_disk_encryption ??= false;
        const pool = typeof out.instance_pool_id === 'string' ? this.pools.get(out.instance_pool_id) : undefined;
        if (pool) {
            out.node_type_id = pool.fields.node_type_id ?? null;
            out.driver_instance_pool_id ??= pool.instance_pool_id;
        }
        const driverPool = typeof out.driver_instance_pool_id === 'string'
            ? this.pools.get(out.driver_instance_pool_id)
            : undefined;
        if (driverPool)
            out.driver_node_type_id = driverPool.fields.node_type_id ?? null;
        out.driver_node_type_id ??= out.node_type_id ?? null;
        out.effective_spark_version = spec.spark_version ?? null;
        out.default_tags = {
            Vendor: 'Databricks',
            Creator: cluster.creator_user_name,
            ClusterName: typeof spec.cluster_name === 'string' ? spec.cluster_name : '',
            ClusterId: cluster.cluster_id,
        };
        out.cluster_source = cluster.cluster_source;
        out.creator_user_name = cluster.creator_user_name;
        out.disk_spec = {};
        out.init_scripts_safe_mode = false;
        out.jdbc_port = 10000;
        Object.assign(out, live);
        if (withSpec)
            out.spec = clone(spec);
        return out;
    }
    // ----- libraries --------------------------------------------------------------------------------------
    installLibraries(clusterId, libraries) {
        const cluster = this.getCluster(clusterId);
        for (const library of libraries) {
            validateLibrary(library);
            const key = toJson(library);
            const existing = cluster.libraries.find((l) => toJson(l.library) === key);
            const status = cluster.state === 'RUNNING' ? 'INSTALLED' : 'PENDING';
            if (existing) {
                // Installing what is marked for removal keeps it; anything else is already there.
                if (existing.status === 'UNINSTALL_ON_RESTART')
                    existing.status = status;
                continue;
            }
            cluster.libraries.push({
                library: clone(library),
                status,
                is_library_for_all_clusters: false,
            });
        }
    }
    /** Effective on restart, as in production; uninstalling what is not installed is ignored (§7). */
    uninstallLibraries(clusterId, libraries) {
        const cluster = this.getCluster(clusterId);
        for (const library of libraries) {
            validateLibrary(library);
            const key = toJson(library);
            const existing = cluster.libraries.find((l) => toJson(l.library) === key);
            if (!existing)
                continue;
            // A cluster that is not running (or on its way down) has nothing to restart: the library goes now.
            if (cluster.state === 'TERMINATED' || cluster.state === 'TERMINATING')
                cluster.libraries.splice(cluster.libraries.indexOf(existing), 1);
            else
                existing.status = 'UNINSTALL_ON_RESTART';
        }
    }
    /**
     * Libraries set to install on every cluster (the legacy "install automatically on all clusters"): each
     * cluster's status lists them with `is_library_for_all_clusters: true`.
     */
    allClusterLibraries = [];
    libraryStatuses(cluster) {
        const everywhere = this.allClusterLibraries.map((library) => ({
            library,
            status: cluster.state === 'RUNNING' ? 'INSTALLED' : 'PENDING',
            is_library_for_all_clusters: true,
        }));
        return [...everywhere, ...cluster.libraries].map((l) => {
            const out = {
                library: clone(l.library),
                status: l.status,
                is_library_for_all_clusters: l.is_library_for_all_clusters,
            };
            if (l.status === 'UNINSTALL_ON_RESTART')
                out.messages = ['Library will be uninstalled after the cluster is restarted.'];
            return out;
        });
    }
    // ----- instance pools ---------------------------------------------------------------------------------
    getPool(id) {
        const pool = this.pools.get(id);
        if (!pool || pool.state === 'DELETED')
            throw errors_ApiError.invalidParameter(`Instance pool ${id} does not exist.`);
        return pool;
    }
    checkPoolName(name, except) {
        if (typeof name !== 'string' || name === '')
            throw errors_ApiError.missingField('instance_pool_name');
        if (name.length > 100)
            throw errors_ApiError.invalidParameter('instance_pool_name must be at most 100 characters.');
        for (const p of this.pools.values())
            if (p.instance_pool_id !== except && p.state !== 'DELETED' && p.fields.instance_pool_name === name)
                throw errors_ApiError.alreadyExists(`Instance pool with name '${name}' already exists.`);
        return name;
    }
    createPool(body, id) {
        this.checkPoolName(body.instance_pool_name);
        if (typeof body.node_type_id !== 'string' || body.node_type_id === '')
            throw errors_ApiError.missingField('node_type_id');
        const fields = clone(body);
        delete fields.instance_pool_id;
        for (const output of ['default_tags', 'state', 'stats', 'status'])
            delete fields[output];
        // Real pools echo cloud attributes even when none were sent.
        if (!fields.aws_attributes && !fields.gcp_attributes && !fields.azure_attributes)
            fields.azure_attributes = { availability: 'ON_DEMAND_AZURE' };
        const poolId = id ?? this.newPoolId();
        const pool = {
            instance_pool_id: poolId,
            fields,
            default_tags: {
                Vendor: 'Databricks',
                DatabricksInstancePoolCreatorId: '100125',
                DatabricksInstancePoolId: poolId,
            },
            state: 'ACTIVE',
        };
        this.pools.set(poolId, pool);
        return pool;
    }
    /** Seeds a pool from a `instance-pools/get` answer; its id is kept. */
    seedPool(details) {
        const pool = this.createPool(details, typeof details.instance_pool_id === 'string' ? details.instance_pool_id : undefined);
        if (isJsonObject(details.default_tags))
            pool.default_tags = { ...details.default_tags };
        return pool;
    }
    /**
     * Edit takes only the name, the node type (which must not change) and the editable fields (§5); the
     * other CreateInstancePool fields are not in EditInstancePool and are ignored, as unknown fields are.
     */
    editPool(body) {
        const id = body.instance_pool_id;
        if (typeof id !== 'string' || id === '')
            throw errors_ApiError.missingField('instance_pool_id');
        const pool = this.getPool(id);
        const name = this.checkPoolName(body.instance_pool_name, id);
        if (typeof body.node_type_id !== 'string' || body.node_type_id === '')
            throw errors_ApiError.missingField('node_type_id');
        if (body.node_type_id !== pool.fields.node_type_id)
            throw errors_ApiError.invalidParameter(`Cannot change node_type_id of instance pool ${id} from ${String(pool.fields.node_type_id)} to ${body.node_type_id}.`);
        pool.fields.instance_pool_name = name;
        for (const field of POOL_EDITABLE) {
            if (body[field] === undefined)
                delete pool.fields[field];
            else
                pool.fields[field] = clone(body[field]);
        }
    }
    deletePool(id) {
        this.getPool(id);
        this.pools.delete(id);
    }
    poolDetails(pool) {
        const custom = isJsonObject(pool.fields.custom_tags) ? pool.fields.custom_tags : {};
        return {
            ...clone(pool.fields),
            instance_pool_id: pool.instance_pool_id,
            default_tags: { ...custom, ...pool.default_tags },
            state: pool.state,
            stats: { used_count: 0, idle_count: 0, pending_used_count: 0, pending_idle_count: 0 },
            status: {},
        };
    }
    // ----- cluster policies -------------------------------------------------------------------------------
    getPolicy(id) {
        const policy = this.policies.get(id);
        if (!policy)
            throw errors_ApiError.invalidParameter(`Can't find a cluster policy with id: ${id}.`);
        return policy;
    }
    addPolicy(policy) {
        this.policies.set(policy.policy_id, policy);
        return policy;
    }
    /** Validates and copies the writable fields of a create/edit body. */
    policyFields(body, except) {
        const name = body.name;
        if (typeof name !== 'string' || name === '')
            throw errors_ApiError.missingField('name');
        if (name.length > 100)
            throw errors_ApiError.invalidParameter('Policy name must be at most 100 characters.');
        for (const p of this.policies.values())
            if (p.policy_id !== except && p.name === name)
                throw errors_ApiError.alreadyExists(`Policy named '${name}' already exists`);
        const family = optionalText(body, 'policy_family_id');
        const definition = optionalText(body, 'definition');
        const overrides = optionalText(body, 'policy_family_definition_overrides');
        if (family !== undefined) {
            if (!POLICY_FAMILIES[family])
                throw errors_ApiError.invalidParameter(`Policy family ${family} does not exist.`);
            if (definition !== undefined)
                throw errors_ApiError.invalidParameter('definition and policy_family_id are mutually exclusive; use policy_family_definition_overrides.');
        }
        else if (overrides !== undefined)
            throw errors_ApiError.invalidParameter('policy_family_definition_overrides requires policy_family_id.');
        for (const [field, text] of [
            ['definition', definition],
            ['policy_family_definition_overrides', overrides],
        ]) {
            if (text === undefined)
                continue;
            let parsed;
            try {
                parsed = parseJson(text);
            }
            catch (error) {
                throw errors_ApiError.invalidParameter(`Invalid policy ${field}: ${error.message}`);
            }
            if (!isJsonObject(parsed))
                throw errors_ApiError.invalidParameter(`Invalid policy ${field}: must be a JSON object`);
        }
        if (body.libraries !== undefined && !Array.isArray(body.libraries))
            throw errors_ApiError.invalidParameter('libraries must be a list');
        const max = body.max_clusters_per_user;
        if (max !== undefined && typeof max !== 'number' && typeof max !== 'bigint')
            throw errors_ApiError.invalidParameter('max_clusters_per_user must be an integer');
        return {
            name,
            definition: family === undefined ? (definition ?? '{}') : undefined,
            description: optionalText(body, 'description'),
            libraries: Array.isArray(body.libraries) ? clone(body.libraries) : undefined,
            max_clusters_per_user: max,
            policy_family_id: family,
            policy_family_definition_overrides: overrides,
        };
    }
    createPolicy(body, seed = {}) {
        const fields = this.policyFields(body);
        return this.addPolicy({
            ...fields,
            policy_id: seed.policy_id ?? this.newPolicyId(),
            is_default: seed.is_default ?? false,
            created_at_timestamp: seed.created_at_timestamp ?? this.context.now(),
            creator_user_name: seed.creator_user_name ?? EMULATOR_USER,
        });
    }
    /** Seeds a policy from a `policies/clusters/get` answer; its id is kept. */
    seedPolicy(details) {
        return this.createPolicy(details, {
            policy_id: typeof details.policy_id === 'string' ? details.policy_id : undefined,
            is_default: details.is_default === true,
            created_at_timestamp: typeof details.created_at_timestamp === 'number' ? details.created_at_timestamp : undefined,
            creator_user_name: typeof details.creator_user_name === 'string' ? details.creator_user_name : undefined,
        });
    }
    editPolicy(body) {
        const id = body.policy_id;
        if (typeof id !== 'string' || id === '')
            throw errors_ApiError.missingField('policy_id');
        const policy = this.getPolicy(id);
        const fields = this.policyFields(body, id);
        if (policy.is_default && fields.policy_family_id !== policy.policy_family_id)
            throw errors_ApiError.invalidParameter(`Cannot change the policy family of default policy ${id}.`);
        Object.assign(policy, fields);
    }
    deletePolicy(id) {
        const policy = this.getPolicy(id);
        if (policy.is_default)
            throw errors_ApiError.invalidParameter(`Cannot delete default policy ${id} (${policy.name}).`);
        this.policies.delete(id);
    }
    /** Policy as get and list answer it; a family policy's definition is the family's with the overrides. */
    policyDetails(policy) {
        let definition = policy.definition;
        if (policy.policy_family_id) {
            const family = POLICY_FAMILIES[policy.policy_family_id]?.definition ?? {};
            const overrides = policy.policy_family_definition_overrides
                ? parseJson(policy.policy_family_definition_overrides)
                : {};
            definition = toJson({ ...family, ...overrides });
        }
        const out = {
            policy_id: policy.policy_id,
            name: policy.name,
            definition: definition ?? '{}',
            created_at_timestamp: policy.created_at_timestamp,
        };
        if (policy.description !== undefined)
            out.description = policy.description;
        if (policy.libraries !== undefined)
            out.libraries = clone(policy.libraries);
        if (policy.max_clusters_per_user !== undefined)
            out.max_clusters_per_user = policy.max_clusters_per_user;
        if (policy.policy_family_id !== undefined)
            out.policy_family_id = policy.policy_family_id;
        if (policy.policy_family_definition_overrides !== undefined)
            out.policy_family_definition_overrides = policy.policy_family_definition_overrides;
        if (policy.is_default)
            out.is_default = true;
        if (policy.creator_user_name !== undefined)
            out.creator_user_name = policy.creator_user_name;
        return out;
    }
}
function optionalText(body, name) {
    const v = body[name];
    if (v === undefined || v === null)
        return undefined;
    if (typeof v !== 'string')
        throw errors_ApiError.invalidParameter(`Invalid value for ${name}: expected a string`);
    return v;
}
const compute_store_LIBRARY_TYPES = ['jar', 'whl', 'egg', 'requirements', 'pypi', 'maven', 'cran'];
/** A Library has exactly one of the known keys (§7). */
function validateLibrary(library) {
    if (!isJsonObject(library))
        throw errors_ApiError.invalidParameter('Each library must be an object.');
    const keys = Object.keys(library);
    if (keys.length !== 1 || !compute_store_LIBRARY_TYPES.includes(keys[0]))
        throw errors_ApiError.invalidParameter(`A library must have exactly one of ${compute_store_LIBRARY_TYPES.join(', ')}; got ${keys.join(', ') || 'none'}.`);
}

;// CONCATENATED MODULE: ./src/emulator/apis/cluster-policies.ts
/** Cluster Policies API 2.0 (reference §6), with the policy families the default policies come from. */





const clusterPoliciesApi = {
    name: 'cluster-policies',
    register(router, state) {
        const store = state.compute;
        router.get('/api/2.0/policies/clusters/list', (request) => {
            const column = optionalString(request, 'sort_column') ?? 'POLICY_CREATION_TIME';
            const all = [...store.policies.values()].sort((a, b) => column === 'POLICY_NAME'
                ? a.name.localeCompare(b.name)
                : a.created_at_timestamp - b.created_at_timestamp || a.policy_id.localeCompare(b.policy_id));
            if (optionalString(request, 'sort_order') === 'DESC')
                all.reverse();
            return { policies: all.map((p) => store.policyDetails(p)) };
        });
        router.get('/api/2.0/policies/clusters/get', (request) => store.policyDetails(store.getPolicy(requiredString(request, 'policy_id'))));
        router.post('/api/2.0/policies/clusters/create', (request) => ({
            policy_id: store.createPolicy(bodyObject(request)).policy_id,
        }));
        router.post('/api/2.0/policies/clusters/edit', (request) => {
            store.editPolicy(bodyObject(request));
            return {};
        });
        router.post('/api/2.0/policies/clusters/delete', (request) => {
            store.deletePolicy(requiredString(request, 'policy_id'));
            return {};
        });
        router.get('/api/2.0/policy-families', () => ({
            policy_families: Object.entries(POLICY_FAMILIES).map(([id, f]) => ({
                policy_family_id: id,
                name: f.name,
                description: f.name,
                definition: toJson(f.definition),
            })),
        }));
        router.get('/api/2.0/policy-families/:id', (request) => {
            const family = POLICY_FAMILIES[request.params.id];
            if (!family)
                throw errors_ApiError.notFound(`Policy family ${request.params.id} does not exist.`);
            return {
                policy_family_id: request.params.id,
                name: family.name,
                description: family.name,
                definition: toJson(family.definition),
            };
        });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/instance-pools.ts
/** Instance Pools API 2.0 (reference §5). */


const instancePoolsApi = {
    name: 'instance-pools',
    register(router, state) {
        const store = state.compute;
        router.get('/api/2.0/instance-pools/list', () => ({
            instance_pools: [...store.pools.values()]
                .sort((a, b) => a.instance_pool_id.localeCompare(b.instance_pool_id))
                .map((p) => store.poolDetails(p)),
        }));
        router.get('/api/2.0/instance-pools/get', (request) => store.poolDetails(store.getPool(requiredString(request, 'instance_pool_id'))));
        router.post('/api/2.0/instance-pools/create', (request) => ({
            instance_pool_id: store.createPool(bodyObject(request)).instance_pool_id,
        }));
        router.post('/api/2.0/instance-pools/edit', (request) => {
            store.editPool(bodyObject(request));
            return {};
        });
        router.post('/api/2.0/instance-pools/delete', (request) => {
            store.deletePool(requiredString(request, 'instance_pool_id'));
            return {};
        });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/jobs-store.ts




/** The user the emulator acts as when a job is created through the API (no per-token identities). */
const jobs_store_EMULATOR_USER = 'admin@example.com';
/** Fields whose presence at the top level (without `tasks`) marks the single-task form. */
const jobs_store_SINGLE_TASK_MARKERS = [
    'notebook_task',
    'spark_jar_task',
    'spark_python_task',
    'spark_submit_task',
    'python_wheel_task',
    'pipeline_task',
];
function isSingleTaskSettings(settings) {
    return !Array.isArray(settings.tasks) && jobs_store_SINGLE_TASK_MARKERS.some((f) => settings[f] !== undefined);
}
/** Limits of the write endpoints (§10 "Limits"). */
const MAX_TASKS = 1000;
const MAX_NAME_BYTES = 4096;
const jobDoesNotExist = (id) => errors_ApiError.invalidParameter(`Job ${String(id)} does not exist.`);
function jobs_store_clone(value) {
    return structuredClone(value);
}
/**
 * The jobs of one workspace, shared by the 2.0, 2.1 and 2.2 endpoints. Settings are stored as written
 * (2.0 single-task jobs keep their top-level task fields and `format: SINGLE_TASK`) plus the defaults the
 * service echoes back (`email_notifications: {}`, `max_concurrent_runs: 1`, `timeout_seconds: 0`, as every
 * fixture shows them).
 */
class JobsStore {
    context;
    jobs = new Map();
    nextSeq = 1;
    constructor(context) {
        this.context = context;
    }
    get size() {
        return this.jobs.size;
    }
    /** Every job in creation order. */
    all() {
        return [...this.jobs.values()].sort((a, b) => a.seq - b.seq);
    }
    get(jobId) {
        if (jobId === undefined || jobId === null)
            return undefined;
        return this.jobs.get(Number(jobId));
    }
    require(jobId) {
        if (jobId === undefined || jobId === null)
            throw errors_ApiError.missingField('job_id');
        const job = this.get(jobId);
        if (!job)
            throw jobDoesNotExist(jobId);
        return job;
    }
    /**
     * Checks the objects written settings name (clusters, pools, policies, jobs, pipelines) as the service
     * does on create, reset and update; set by the API module, which sees the other stores. Seeds skip it: a
     * real workspace can hold a job whose cluster was deleted since.
     */
    checkRefs = () => undefined;
    /** `jobs/create`; `singleTaskAllowed` is true on 2.0 only; `checked` for API calls (see checkRefs). */
    create(settings, options) {
        const stored = this.prepare(settings, options.singleTaskAllowed);
        if (options.checked)
            this.checkRefs(stored);
        const jobId = options.jobId ?? this.context.ids.int64();
        if (options.jobId !== undefined) {
            if (this.jobs.has(jobId))
                throw errors_ApiError.alreadyExists(`Job ${jobId} already exists.`);
            this.context.ids.reserve(jobId);
        }
        const job = {
            job_id: jobId,
            created_time: options.createdTime ?? this.context.now(),
            creator_user_name: options.creator ?? jobs_store_EMULATOR_USER,
            settings: stored,
            seq: this.nextSeq++,
        };
        this.jobs.set(jobId, job);
        return job;
    }
    /** `jobs/reset`: a full replace of the settings. */
    reset(jobId, settings, singleTaskAllowed) {
        const job = this.require(jobId);
        const next = this.prepare(settings, singleTaskAllowed);
        this.checkRefs(next, job.job_id);
        job.settings = next;
    }
    /**
     * `jobs/update`: top-level fields of `newSettings` replace the job's, except `tasks` and `job_clusters`,
     * which are merged by `task_key` / `job_cluster_key`; `fields_to_remove` names top-level fields or
     * `tasks/<task_key>`, `job_clusters/<job_cluster_key>`.
     */
    update(jobId, newSettings, fieldsToRemove, singleTaskAllowed) {
        const job = this.require(jobId);
        const next = jobs_store_clone(job.settings);
        delete next.format;
        for (const field of fieldsToRemove) {
            const [top, key, ...rest] = field.split('/');
            if (rest.length)
                throw errors_ApiError.invalidParameter(`Invalid field to remove: ${field}`);
            if (key === undefined)
                delete next[top];
            else if (top === 'tasks' || top === 'job_clusters') {
                const keyField = top === 'tasks' ? 'task_key' : 'job_cluster_key';
                const list = next[top];
                if (Array.isArray(list))
                    next[top] = list.filter((x) => !isJsonObject(x) || x[keyField] !== key);
            }
            else
                throw errors_ApiError.invalidParameter(`Invalid field to remove: ${field}`);
        }
        for (const [field, value] of Object.entries(newSettings)) {
            if ((field === 'tasks' || field === 'job_clusters') &&
                Array.isArray(value) &&
                Array.isArray(next[field])) {
                const keyField = field === 'tasks' ? 'task_key' : 'job_cluster_key';
                const merged = [...next[field]];
                for (const item of value) {
                    const at = isJsonObject(item)
                        ? merged.findIndex((x) => isJsonObject(x) && x[keyField] === item[keyField])
                        : -1;
                    if (at >= 0)
                        merged[at] = item;
                    else
                        merged.push(item);
                }
                next[field] = merged;
            }
            else
                next[field] = value;
        }
        const prepared = this.prepare(next, singleTaskAllowed || job.settings.format === 'SINGLE_TASK');
        this.checkRefs(prepared, job.job_id);
        job.settings = prepared;
    }
    delete(jobId) {
        const job = this.require(jobId);
        this.jobs.delete(job.job_id);
    }
    /**
     * Loads the `settings` of every `get-job-*.json` in a folder (the Terraform exporter fixtures), keeping
     * their job ids and creation times. Files that are not valid JSON (get-job-16.json is not, on purpose)
     * are skipped and named in the answer rather than failing the whole seed.
     */
    seedFromFixtures(dir) {
        const loaded = [];
        const skipped = [];
        for (const file of (0,external_node_fs_namespaceObject.readdirSync)(dir)
            .filter((f) => /^get-job-.*\.json$/.test(f))
            .sort()) {
            let job;
            try {
                job = parseJson((0,external_node_fs_namespaceObject.readFileSync)((0,external_node_path_namespaceObject.join)(dir, file), 'utf8'));
            }
            catch (error) {
                skipped.push({ file, reason: `not valid JSON: ${error.message}` });
                continue;
            }
            if (!isJsonObject(job) || !isJsonObject(job.settings)) {
                skipped.push({ file, reason: 'no settings object' });
                continue;
            }
            loaded.push(this.create(job.settings, {
                singleTaskAllowed: true,
                jobId: typeof job.job_id === 'number' ? job.job_id : undefined,
                createdTime: typeof job.created_time === 'number' ? job.created_time : undefined,
                creator: typeof job.creator_user_name === 'string' ? job.creator_user_name : undefined,
            }));
        }
        return { loaded, skipped };
    }
    /** Validates written settings and adds what the service adds: `format` and echoed defaults. */
    prepare(input, singleTaskAllowed) {
        const settings = jobs_store_clone(input);
        // `format` is ignored on create/update/reset (§10.1): the service decides it.
        delete settings.format;
        const singleTask = isSingleTaskSettings(settings);
        if (singleTask && !singleTaskAllowed)
            // Emulator choice (§21 item 5 is unverified): single-task settings are only accepted by the 2.0
            // endpoints, so a client that writes them through 2.1/2.2 finds out in tests.
            throw errors_ApiError.invalidParameter('Single-task job settings (top-level notebook_task, new_cluster, ...) are only accepted by /api/2.0/jobs; use tasks[] instead.');
        if (singleTask && Array.isArray(settings.tasks))
            throw errors_ApiError.invalidParameter('A job cannot have both tasks and top-level task settings.');
        const name = settings.name;
        if (name !== undefined && typeof name !== 'string')
            throw errors_ApiError.invalidParameter('Invalid value for name: expected a string');
        if (typeof name === 'string' && Buffer.byteLength(name) > MAX_NAME_BYTES)
            throw errors_ApiError.invalidParameter(`Job name must be at most ${MAX_NAME_BYTES} bytes.`);
        checkKeys(settings.tasks, 'task_key', 'tasks', MAX_TASKS);
        checkKeys(settings.job_clusters, 'job_cluster_key', 'job_clusters', MAX_TASKS);
        settings.email_notifications ??= {};
        settings.max_concurrent_runs ??= 1;
        settings.timeout_seconds ??= 0;
        if (settings.name === undefined)
            settings.name = 'Untitled';
        settings.format = singleTask ? 'SINGLE_TASK' : 'MULTI_TASK';
        return settings;
    }
}
function checkKeys(list, keyField, what, max) {
    if (list === undefined)
        return;
    if (!Array.isArray(list))
        throw errors_ApiError.invalidParameter(`Invalid value for ${what}: expected an array`);
    if (list.length > max)
        throw errors_ApiError.invalidParameter(`A job can have at most ${max} ${what}, got ${list.length}.`);
    const seen = new Set();
    for (const item of list) {
        if (!isJsonObject(item))
            throw errors_ApiError.invalidParameter(`Invalid value in ${what}: expected an object`);
        const key = item[keyField];
        if (typeof key !== 'string' || key === '')
            throw errors_ApiError.missingField(`${what}.${keyField}`);
        if (seen.has(key))
            throw errors_ApiError.invalidParameter(`${keyField} '${key}' is used more than once in ${what}.`);
        seen.add(key);
        // for_each_task nests a full task; its key must be present too.
        if (what === 'tasks' && isJsonObject(item.for_each_task) && !isJsonObject(item.for_each_task.task))
            throw errors_ApiError.missingField('tasks.for_each_task.task');
    }
}

;// CONCATENATED MODULE: ./src/emulator/apis/jobs.ts
/**
 * Jobs API 2.0 / 2.1 / 2.2 (reference §10): list, get, create, reset, update, delete, all versions on one
 * store. Differences between versions, as the reference describes them:
 * - 2.0 takes legacy single-task settings (top-level notebook_task, new_cluster, ...); 2.1/2.2 refuse them
 *   (emulator choice, see JobsStore.prepare). Every version answers a job in the shape it was stored in.
 * - 2.2 caps tasks, job_clusters, parameters and environments at 100 per answer: `jobs/get` pages them
 *   with a root `next_page_token`, and an expanded `jobs/list` truncates them and sets `has_more` on the job.
 */





/** Arrays inside a job that 2.2 pages (§10, SDK `mixins/jobs.py`). */
const jobs_PAGED_ARRAYS = ['tasks', 'job_clusters', 'parameters', 'environments'];
/** Elements of each paged array per 2.2 answer. */
const JOB_ARRAY_PAGE = 100;
/** `jobs/list` limit: default and maximum (§10). */
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
/** The largest `offset` jobs/list takes (a Terraform exporter issue quotes the error, §10). */
const MAX_OFFSET = 1000;
function jobs_versionOf(request) {
    const v = /^\/api\/(2\.[012])\//.exec(request.path)?.[1];
    return (v ?? '2.2');
}
/** Page tokens are opaque to clients; here they carry a position so a bad one can be refused. */
function encodeToken(kind, n) {
    return Buffer.from(`${kind}:${n}`, 'utf8').toString('base64url');
}
function decodeToken(kind, token) {
    if (token === undefined || token === '')
        return undefined;
    const m = new RegExp(`^${kind}:(\\d+)$`).exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m)
        throw errors_ApiError.invalidParameter(`Invalid page token: ${token}`);
    return Number(m[1]);
}
/** The seq a `prev_page_token` points before, or undefined for any other token. */
function decodePrevToken(token) {
    const m = /^prev:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    return m ? Number(m[1]) : undefined;
}
function jobs_bodyObject(request) {
    if (!isJsonObject(request.body))
        throw errors_ApiError.invalidParameter('Request body must be a JSON object.');
    return request.body;
}
function settingsParam(request, name, required) {
    const value = param(request, name);
    if (value === undefined || value === null) {
        if (required)
            throw errors_ApiError.missingField(name);
        return undefined;
    }
    if (!isJsonObject(value))
        throw errors_ApiError.invalidParameter(`Invalid value for ${name}: expected an object`);
    return value;
}
function jobIdParam(request) {
    const id = optionalInteger(request, 'job_id');
    if (id === undefined)
        throw errors_ApiError.missingField('job_id');
    return id;
}
/** The job as get answers it, before any paging. */
function render(job, withRunAs) {
    const settings = structuredClone(job.settings);
    const out = {
        job_id: job.job_id,
        created_time: job.created_time,
        creator_user_name: job.creator_user_name,
        settings,
    };
    if (withRunAs) {
        const runAs = isJsonObject(settings.run_as) ? settings.run_as : {};
        const name = runAs.user_name ?? runAs.service_principal_name ?? job.creator_user_name;
        out.run_as_user_name = name;
    }
    return out;
}
/** Page `page` of each paged array; true when any array has elements beyond it. */
function sliceArrays(settings, page) {
    let more = false;
    for (const field of jobs_PAGED_ARRAYS) {
        const list = settings[field];
        if (!Array.isArray(list))
            continue;
        const part = list.slice(page * JOB_ARRAY_PAGE, (page + 1) * JOB_ARRAY_PAGE);
        if (list.length > (page + 1) * JOB_ARRAY_PAGE)
            more = true;
        if (part.length)
            settings[field] = part;
        else
            delete settings[field];
    }
    return more;
}
/**
 * The objects job settings name must exist, as the service checks on create, reset and update: a task's
 * existing cluster, the pools and policy of every new cluster (job clusters, tasks, for_each tasks), the
 * job a run_job_task runs and the pipeline a pipeline_task updates. Errors as the APIs of those objects
 * answer a missing one: 400 INVALID_PARAMETER_VALUE for clusters, pools, policies and jobs, 404
 * RESOURCE_DOES_NOT_EXIST for pipelines.
 */
function checkJobRefs(state, settings, self) {
    const cluster = (spec) => {
        if (isJsonObject(spec))
            state.compute.checkPoolsAndPolicy(spec);
    };
    const task = (t) => {
        const existing = t.existing_cluster_id;
        if (existing !== undefined && (typeof existing !== 'string' || !state.compute.clusters.has(existing)))
            throw clusterDoesNotExist(String(existing));
        cluster(t.new_cluster);
        if (isJsonObject(t.run_job_task)) {
            const jobId = t.run_job_task.job_id;
            if (jobId !== undefined && Number(jobId) !== self && !state.jobs.get(jobId))
                throw jobDoesNotExist(jobId);
        }
        if (isJsonObject(t.pipeline_task) && t.pipeline_task.pipeline_id !== undefined)
            state.pipelines.require(String(t.pipeline_task.pipeline_id));
        if (isJsonObject(t.for_each_task) && isJsonObject(t.for_each_task.task))
            task(t.for_each_task.task);
    };
    // A legacy single-task job carries its task at the top of the settings.
    task(settings);
    for (const t of Array.isArray(settings.tasks) ? settings.tasks : [])
        if (isJsonObject(t))
            task(t);
    for (const jc of Array.isArray(settings.job_clusters) ? settings.job_clusters : [])
        if (isJsonObject(jc))
            cluster(jc.new_cluster);
}
const jobsApi = {
    name: 'jobs',
    register(router, state) {
        const store = state.jobs;
        store.checkRefs = (settings, self) => checkJobRefs(state, settings, self);
        const base = '/api/2.0|2.1|2.2/jobs';
        router.get(`${base}/list`, (request) => {
            const version = jobs_versionOf(request);
            const limit = Number(optionalInteger(request, 'limit') ?? DEFAULT_LIMIT);
            if (limit < 1 || limit > MAX_LIMIT)
                throw errors_ApiError.invalidParameter(`Invalid limit ${limit}: must be between 1 and ${MAX_LIMIT}.`);
            const offset = Number(optionalInteger(request, 'offset') ?? 0);
            if (offset < 0)
                throw errors_ApiError.invalidParameter(`Invalid offset ${offset}.`);
            // The deprecated offset stops at 1000, as in production (tools paging by offset stopped there).
            if (offset > MAX_OFFSET)
                throw errors_ApiError.invalidParameter(`The supplied offset ${offset} has exceeded the value of ${MAX_OFFSET} allowed for this parameter. Please use the page_token to list more jobs.`);
            const expand = optionalBoolean(request, 'expand_tasks') ?? false;
            const name = optionalString(request, 'name')?.toLowerCase();
            const token = optionalString(request, 'page_token');
            const prev = token?.length ? decodePrevToken(token) : undefined;
            const after = prev === undefined ? decodeToken('list', token) : undefined;
            let jobs = store.all();
            if (name !== undefined)
                jobs = jobs.filter((j) => String(j.settings.name).toLowerCase() === name);
            // A next token names the last job answered and a previous token the first (by creation sequence), so
            // jobs created or deleted between pages neither repeat nor disappear; the deprecated offset counts
            // positions.
            let start = offset;
            if (after !== undefined)
                start = jobs.findIndex((j) => j.seq > after);
            else if (prev !== undefined) {
                const end = jobs.findIndex((j) => j.seq >= prev);
                start = Math.max(0, (end < 0 ? jobs.length : end) - limit);
            }
            let page = start < 0 ? [] : jobs.slice(start, start + limit);
            if (prev !== undefined)
                page = page.filter((j) => j.seq < prev);
            const hasMore = start >= 0 && start + page.length < jobs.length;
            const out = { has_more: hasMore };
            if (page.length) {
                out.jobs = page.map((job) => {
                    const rendered = render(job, false);
                    const settings = rendered.settings;
                    if (!expand) {
                        delete settings.tasks;
                        delete settings.job_clusters;
                    }
                    else if (version === '2.2' && sliceArrays(settings, 0))
                        rendered.has_more = true;
                    return rendered;
                });
            }
            if (hasMore && page.length)
                out.next_page_token = encodeToken('list', page[page.length - 1].seq);
            if (start > 0 && page.length)
                out.prev_page_token = encodeToken('prev', page[0].seq);
            return out;
        });
        router.get(`${base}/get`, (request) => {
            const job = store.require(jobIdParam(request));
            const rendered = render(job, true);
            if (jobs_versionOf(request) !== '2.2')
                return rendered;
            const page = decodeToken('get', optionalString(request, 'page_token')) ?? 0;
            if (sliceArrays(rendered.settings, page))
                rendered.next_page_token = encodeToken('get', page + 1);
            return rendered;
        });
        router.post(`${base}/create`, (request) => {
            const body = { ...jobs_bodyObject(request) };
            // access_control_list is accepted on create but belongs to the Permissions API, not the settings.
            delete body.access_control_list;
            const job = store.create(body, { singleTaskAllowed: jobs_versionOf(request) === '2.0', checked: true });
            return { job_id: job.job_id };
        });
        router.post(`${base}/reset`, (request) => {
            jobs_bodyObject(request);
            const id = jobIdParam(request);
            const settings = settingsParam(request, 'new_settings', true);
            store.reset(id, settings, jobs_versionOf(request) === '2.0');
            return {};
        });
        router.post(`${base}/update`, (request) => {
            jobs_bodyObject(request);
            const id = jobIdParam(request);
            const settings = settingsParam(request, 'new_settings', false) ?? {};
            const remove = param(request, 'fields_to_remove') ?? [];
            if (!Array.isArray(remove) || !remove.every((f) => typeof f === 'string'))
                throw errors_ApiError.invalidParameter('Invalid value for fields_to_remove: expected a list of strings');
            store.update(id, settings, remove, jobs_versionOf(request) === '2.0');
            return {};
        });
        router.post(`${base}/delete`, (request) => {
            jobs_bodyObject(request);
            store.delete(jobIdParam(request));
            return {};
        });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/repos.ts
/**
 * Repos (Git folders) API 2.0 (reference §14). A repo is a REPO node of the workspace tree (its id is the
 * node's object_id, as in Databricks' fake server) plus the Git metadata kept here. Deleting the node through
 * the Workspace API makes the repo disappear from this API too. Cloning is not emulated: a new repo is empty
 * and its head commit is a made-up hash.
 */





/** Providers in their canonical spelling; requests match them case-insensitively (§14). */
const GIT_PROVIDERS = [
    'gitHub',
    'bitbucketCloud',
    'gitLab',
    'azureDevOpsServices',
    'gitHubEnterprise',
    'bitbucketServer',
    'gitLabEnterpriseEdition',
    'awsCodeCommit',
];
/** Repos per list page (the real page size is not documented; small so clients must page). */
const REPOS_PAGE = 20;
function canonicalProvider(value) {
    const found = GIT_PROVIDERS.find((p) => p.toLowerCase() === value.toLowerCase());
    if (!found)
        throw errors_ApiError.invalidParameter(`Invalid Git provider '${value}': expected one of ${GIT_PROVIDERS.join(', ')}`);
    return found;
}
function sparseCheckout(value) {
    if (value === undefined || value === null)
        return undefined;
    const patterns = isJsonObject(value) ? value.patterns : undefined;
    if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === 'string'))
        throw errors_ApiError.invalidParameter('Invalid value for sparse_checkout: expected {"patterns": [strings]}');
    return { patterns: [...patterns] };
}
/** `https://github.com/org/name.git` → `name`: the default folder name, as a clone would choose it. */
function repoName(url) {
    const last = url.replace(/\/+$/, '').split('/').pop() ?? 'repo';
    return last.replace(/\.git$/, '') || 'repo';
}
class ReposStore {
    context;
    repos = new Map();
    tree;
    constructor(context) {
        this.context = context;
    }
    /**
     * Repos live in the workspace tree, whose store is created beside this one; the API module connects
     * them when it registers (before any request or seeding can happen).
     */
    attach(workspace) {
        this.tree = workspace;
    }
    get workspace() {
        if (!this.tree)
            throw new Error('ReposStore is not attached to a workspace');
        return this.tree;
    }
    /** Repos whose REPO node still exists, with their current path, sorted by path. */
    all() {
        const out = [];
        for (const repo of this.repos.values()) {
            const node = this.workspace.getById(repo.id);
            if (node && node.object_type === 'REPO')
                out.push({ repo, node });
            else
                this.repos.delete(repo.id);
        }
        return out.sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0));
    }
    require(id) {
        const found = this.all().find((r) => r.repo.id === id);
        if (!found)
            throw errors_ApiError.notFound(`Repo ${id} does not exist.`);
        return found;
    }
    /**
     * `POST /repos`. Under /Repos the path must be `/Repos/{folder}/{name}` and the folder is created when
     * missing (what the UI and API do for a user's folder, UNVERIFIED for other names); elsewhere the parent
     * must exist, as for any workspace object.
     */
    create(body) {
        const provider = canonicalProvider(body.provider);
        const path = workspace_store_normalizeWorkspacePath(body.path ?? `/Repos/${jobs_store_EMULATOR_USER}/${repoName(body.url)}`);
        if (path.startsWith('/Repos/') || path === '/Repos') {
            if (path.split('/').length !== 4)
                throw errors_ApiError.invalidParameter(`Invalid repo path ${path}: repos in /Repos must be at /Repos/{folder}/{repo-name}`);
            this.workspace.mkdirs(parentPath(path));
        }
        else {
            const parent = this.workspace.get(parentPath(path));
            if (!parent)
                throw errors_ApiError.notFound(`Path (${parentPath(path)}) doesn't exist.`);
        }
        if (this.workspace.get(path))
            throw alreadyExists(path);
        const node = this.workspace.putObject(path, 'REPO');
        const repo = {
            id: node.object_id,
            url: body.url,
            provider,
            branch: body.branch ?? 'main',
            head_commit_id: this.context.ids.hex(40),
        };
        const sparse = sparseCheckout(body.sparse_checkout);
        if (sparse)
            repo.sparse_checkout = sparse;
        this.repos.set(repo.id, repo);
        return { repo, node };
    }
    /** `PATCH /repos/{id}`: check out a branch or a tag (detached HEAD), or change sparse patterns. */
    update(id, body) {
        const { repo } = this.require(id);
        const branch = body.branch;
        const tag = body.tag;
        if (branch !== undefined && tag !== undefined)
            throw errors_ApiError.invalidParameter('Only one of branch and tag can be given.');
        if (body.sparse_checkout !== undefined) {
            if (!repo.sparse_checkout)
                throw errors_ApiError.invalidParameter('Sparse checkout cannot be enabled after the repo was created.');
            repo.sparse_checkout = sparseCheckout(body.sparse_checkout);
        }
        if (typeof branch === 'string' && branch !== '') {
            if (branch !== repo.branch)
                repo.head_commit_id = this.context.ids.hex(40);
            repo.branch = branch;
        }
        else if (typeof tag === 'string' && tag !== '') {
            delete repo.branch;
            repo.head_commit_id = this.context.ids.hex(40);
        }
        else if (branch !== undefined || tag !== undefined)
            throw errors_ApiError.invalidParameter('branch and tag must be non-empty strings.');
    }
    delete(id) {
        const { node } = this.require(id);
        this.workspace.remove(node.path);
        this.repos.delete(id);
    }
    /** A RepoInfo (§14); `git_cli_enabled` only on get. */
    info(entry, withGet = false) {
        const { repo, node } = entry;
        const out = {
            id: repo.id,
            path: node.path,
            url: repo.url,
            provider: repo.provider,
            head_commit_id: repo.head_commit_id,
        };
        if (repo.branch !== undefined)
            out.branch = repo.branch;
        if (repo.sparse_checkout)
            out.sparse_checkout = { patterns: [...repo.sparse_checkout.patterns] };
        if (withGet)
            out.git_cli_enabled = false;
        return out;
    }
}
function repoId(request) {
    const raw = request.params.repo_id;
    if (!/^\d+$/.test(raw))
        throw errors_ApiError.invalidParameter(`Invalid repo id '${raw}'.`);
    return Number(raw);
}
function repos_bodyObject(request) {
    if (!isJsonObject(request.body))
        throw errors_ApiError.invalidParameter('Request body must be a JSON object.');
    return request.body;
}
/** Tokens carry the path of the last repo answered, so repos added between pages do not shift pages. */
const repos_encodeToken = (path) => Buffer.from(`repos:${path}`, 'utf8').toString('base64url');
function repos_decodeToken(token) {
    if (token === undefined || token === '')
        return undefined;
    const text = Buffer.from(token, 'base64url').toString('utf8');
    if (!text.startsWith('repos:'))
        throw errors_ApiError.invalidParameter(`Invalid page token: ${token}`);
    return text.slice('repos:'.length);
}
const reposApi = {
    name: 'repos',
    register(router, state) {
        const store = state.repos;
        store.attach(state.workspace);
        router.get('/api/2.0/repos', (request) => {
            let prefix = optionalString(request, 'path_prefix') ?? '';
            // §14: an empty prefix, `/` or `/Workspace` lists the repos under /Workspace/Repos.
            prefix = prefix === '' ? '/Repos' : workspace_store_normalizeWorkspacePath(prefix);
            if (prefix === '/')
                prefix = '/Repos';
            // The request parameter is `next_page_token` (not page_token), as the SDKs send it.
            const after = repos_decodeToken(optionalString(request, 'next_page_token'));
            const matching = store
                .all()
                .filter(({ node }) => node.path === prefix || node.path.startsWith(prefix))
                .filter(({ node }) => after === undefined || node.path > after);
            const page = matching.slice(0, REPOS_PAGE);
            const out = {};
            if (page.length)
                out.repos = page.map((r) => store.info(r));
            if (matching.length > REPOS_PAGE)
                out.next_page_token = repos_encodeToken(page[page.length - 1].node.path);
            return out;
        });
        router.get('/api/2.0/repos/:repo_id', (request) => store.info(store.require(repoId(request)), true));
        router.post('/api/2.0/repos', (request) => {
            const body = repos_bodyObject(request);
            const url = body.url;
            const provider = body.provider;
            if (typeof url !== 'string' || url === '')
                throw errors_ApiError.missingField('url');
            if (typeof provider !== 'string' || provider === '')
                throw errors_ApiError.missingField('provider');
            const path = body.path;
            if (path !== undefined && typeof path !== 'string')
                throw errors_ApiError.invalidParameter('Invalid value for path: expected a string');
            return store.info(store.create({ url, provider, path, sparse_checkout: body.sparse_checkout }));
        });
        router.patch('/api/2.0/repos/:repo_id', (request) => {
            store.update(repoId(request), repos_bodyObject(request));
            return {};
        });
        router.delete('/api/2.0/repos/:repo_id', (request) => {
            store.delete(repoId(request));
            return {};
        });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/pipelines.ts
/**
 * Pipelines API 2.0 (Lakeflow Declarative Pipelines / DLT, reference §15): list, get, create, edit (PUT,
 * full spec), delete. Updates (runs) are not emulated: every pipeline is IDLE.
 *
 * Server-side defaults echoed in `spec`, as the fixture shows them: `channel: CURRENT`, `edition: ADVANCED`,
 * and `storage: dbfs:/pipelines/<id>` for a Hive-metastore pipeline (no catalog) created without storage.
 * The storage location cannot be changed by an edit (the real service refuses it).
 */





/** `max_results` default and maximum (§15). */
const DEFAULT_PAGE = 25;
const MAX_PAGE = 100;
/** Request fields that are not part of the spec. */
const REQUEST_ONLY = ['allow_duplicate_names', 'dry_run', 'run_as', 'parameters', 'expected_last_modified'];
class PipelinesStore {
    context;
    pipelines = new Map();
    nextSeq = 1;
    constructor(context) {
        this.context = context;
    }
    get size() {
        return this.pipelines.size;
    }
    all() {
        return [...this.pipelines.values()].sort((a, b) => a.seq - b.seq);
    }
    require(id) {
        const pipeline = this.pipelines.get(id);
        if (!pipeline)
            throw errors_ApiError.notFound(`Pipeline ${id} does not exist.`);
        return pipeline;
    }
    checkName(spec, allowDuplicates, self) {
        if (typeof spec.name !== 'string' || spec.name === '')
            throw errors_ApiError.missingField('name');
        if (allowDuplicates)
            return;
        const other = this.all().find((p) => p.spec.name === spec.name && p.pipeline_id !== self);
        if (other)
            throw new errors_ApiError(409, 'RESOURCE_CONFLICT', `Pipeline with name '${spec.name}' already exists (${other.pipeline_id}). Set allow_duplicate_names to create another one.`);
    }
    withDefaults(spec, id) {
        const out = { ...structuredClone(spec), id };
        for (const f of REQUEST_ONLY)
            delete out[f];
        out.channel ??= 'CURRENT';
        out.edition ??= 'ADVANCED';
        if (out.storage === undefined && out.catalog === undefined && out.serverless !== true)
            out.storage = `dbfs:/pipelines/${id}`;
        return out;
    }
    create(body) {
        this.checkName(body, body.allow_duplicate_names === true);
        const id = this.context.ids.uuid();
        const pipeline = {
            pipeline_id: id,
            spec: this.withDefaults(body, id),
            creator_user_name: jobs_store_EMULATOR_USER,
            run_as_user_name: jobs_store_EMULATOR_USER,
            last_modified: this.context.now(),
            state: 'IDLE',
            seq: this.nextSeq++,
        };
        this.pipelines.set(id, pipeline);
        return pipeline;
    }
    /** `PUT /pipelines/{id}`: replaces the whole spec. */
    edit(id, body) {
        const pipeline = this.require(id);
        if (body.id !== undefined && body.id !== id)
            throw errors_ApiError.invalidParameter(`The id in the body (${String(body.id)}) is not ${id}.`);
        const expected = body.expected_last_modified;
        if (expected !== undefined && Number(expected) !== pipeline.last_modified)
            throw new errors_ApiError(409, 'ABORTED', `Pipeline ${id} was modified since ${String(expected)}.`);
        this.checkName(body, body.allow_duplicate_names === true, id);
        const next = this.withDefaults(body, id);
        if (next.storage !== pipeline.spec.storage)
            throw errors_ApiError.invalidParameter(`The storage location of pipeline ${id} cannot be changed (${String(pipeline.spec.storage)}).`);
        pipeline.spec = next;
        pipeline.last_modified = this.context.now();
    }
    delete(id) {
        this.require(id);
        this.pipelines.delete(id);
    }
    /** A GET answer (e.g. the fixture `pipelines/get-dlt-pipeline.json`) loaded as is, its id kept. */
    seed(raw) {
        const id = String(raw.pipeline_id ?? this.context.ids.uuid());
        const spec = isJsonObject(raw.spec) ? structuredClone(raw.spec) : {};
        const pipeline = {
            pipeline_id: id,
            spec: { ...spec, id },
            creator_user_name: String(raw.creator_user_name ?? jobs_store_EMULATOR_USER),
            run_as_user_name: String(raw.run_as_user_name ?? raw.creator_user_name ?? jobs_store_EMULATOR_USER),
            last_modified: Number(raw.last_modified ?? this.context.now()),
            state: String(raw.state ?? 'IDLE'),
            seq: this.nextSeq++,
        };
        this.pipelines.set(id, pipeline);
        return pipeline;
    }
    seedFromFile(file) {
        const raw = parseJson((0,external_node_fs_namespaceObject.readFileSync)(file, 'utf8'));
        if (!isJsonObject(raw))
            throw new Error(`${file}: not a JSON object`);
        return this.seed(raw);
    }
    status(p) {
        return {
            pipeline_id: p.pipeline_id,
            name: p.spec.name ?? '',
            state: p.state,
            creator_user_name: p.creator_user_name,
            run_as_user_name: p.run_as_user_name,
        };
    }
    details(p) {
        return {
            ...this.status(p),
            spec: structuredClone(p.spec),
            last_modified: p.last_modified,
        };
    }
}
function pipelines_bodyObject(request) {
    if (!isJsonObject(request.body))
        throw errors_ApiError.invalidParameter('Request body must be a JSON object.');
    return request.body;
}
const pipelines_encodeToken = (seq) => Buffer.from(`pipelines:${seq}`, 'utf8').toString('base64url');
function pipelines_decodeToken(token) {
    if (token === undefined || token === '')
        return undefined;
    const m = /^pipelines:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m)
        throw errors_ApiError.invalidParameter(`Invalid page token: ${token}`);
    return Number(m[1]);
}
const pipelinesApi = {
    name: 'pipelines',
    register(router, state) {
        const store = state.pipelines;
        router.get('/api/2.0/pipelines', (request) => {
            const max = Number(optionalInteger(request, 'max_results') ?? DEFAULT_PAGE);
            if (max < 1 || max > MAX_PAGE)
                throw errors_ApiError.invalidParameter(`Invalid max_results ${max}: must be between 1 and ${MAX_PAGE}.`);
            const after = pipelines_decodeToken(optionalString(request, 'page_token')) ?? 0;
            const rest = store.all().filter((p) => p.seq > after);
            const page = rest.slice(0, max);
            const out = {};
            if (page.length)
                out.statuses = page.map((p) => store.status(p));
            if (rest.length > max)
                out.next_page_token = pipelines_encodeToken(page[page.length - 1].seq);
            return out;
        });
        router.get('/api/2.0/pipelines/:pipeline_id', (request) => store.details(store.require(request.params.pipeline_id)));
        router.post('/api/2.0/pipelines', (request) => {
            const body = pipelines_bodyObject(request);
            if (body.dry_run === true)
                return { effective_settings: { ...body } };
            return { pipeline_id: store.create(body).pipeline_id };
        });
        router.put('/api/2.0/pipelines/:pipeline_id', (request) => {
            store.edit(request.params.pipeline_id, pipelines_bodyObject(request));
            return {};
        });
        router.delete('/api/2.0/pipelines/:pipeline_id', (request) => {
            store.delete(request.params.pipeline_id);
            return {};
        });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/sql-warehouses.ts
/**
 * SQL Warehouses API 2.0 (reference §16): list, get, create, edit, start, stop, delete. State changes are
 * immediate (create and start answer with a RUNNING warehouse on the next get; the real service passes
 * through STARTING/STOPPING). Create and edit fill in the defaults the SDK documents (auto_stop_mins 120,
 * enable_photon true, one cluster, COST_OPTIMIZED spot policy, CLASSIC type, CURRENT channel); edit replaces
 * every create field (the emulator's choice: clients send the whole definition, as the SDK does).
 * Answers also carry the undocumented fields of the Terraform fixture (creator_id, size, auto_resume).
 */





/** CreateWarehouseRequest fields (§16), in the SDK's order. */
const WAREHOUSE_CREATE_FIELDS = [
    'name',
    'cluster_size',
    'min_num_clusters',
    'max_num_clusters',
    'auto_stop_mins',
    'spot_instance_policy',
    'enable_photon',
    'enable_serverless_compute',
    'warehouse_type',
    'channel',
    'tags',
    'instance_profile_arn',
    'creator_name',
];
/** cluster_size → the undocumented `size` of the fixture. */
const SIZES = {
    '2X-Small': 'XXSMALL',
    'X-Small': 'XSMALL',
    Small: 'SMALL',
    Medium: 'MEDIUM',
    Large: 'LARGE',
    'X-Large': 'XLARGE',
    '2X-Large': 'XXLARGE',
    '3X-Large': 'XXXLARGE',
    '4X-Large': 'XXXXLARGE',
    '5X-Large': 'XXXXXLARGE',
};
/** An id made up for the user the emulator acts as (creator_id in answers). */
const EMULATOR_USER_ID = 661448457191611;
class WarehousesStore {
    context;
    warehouses = new Map();
    nextSeq = 1;
    constructor(context) {
        this.context = context;
    }
    get size() {
        return this.warehouses.size;
    }
    all() {
        return [...this.warehouses.values()].sort((a, b) => a.seq - b.seq);
    }
    require(id) {
        const w = this.warehouses.get(id);
        if (!w)
            throw errors_ApiError.notFound(`SQL warehouse ${id} does not exist.`);
        return w;
    }
    prepare(body, self) {
        const spec = {};
        for (const f of WAREHOUSE_CREATE_FIELDS)
            if (body[f] !== undefined && body[f] !== null)
                spec[f] = body[f];
        delete spec.creator_name;
        if (typeof spec.name !== 'string' || spec.name === '')
            throw errors_ApiError.missingField('name');
        if (spec.name.length >= 100)
            throw errors_ApiError.invalidParameter('name must be less than 100 characters.');
        const clash = this.all().find((w) => w.spec.name === spec.name && w.id !== self);
        if (clash)
            throw errors_ApiError.alreadyExists(`SQL warehouse with name '${String(spec.name)}' already exists.`);
        if (typeof spec.cluster_size !== 'string' || !(spec.cluster_size in SIZES))
            throw errors_ApiError.invalidParameter(`Invalid cluster_size ${String(spec.cluster_size)}: expected one of ${Object.keys(SIZES).join(', ')}`);
        spec.auto_stop_mins ??= 120;
        const stop = Number(spec.auto_stop_mins);
        if (stop !== 0 && stop < 10)
            throw errors_ApiError.invalidParameter('auto_stop_mins must be 0 (no autostop) or at least 10.');
        spec.min_num_clusters ??= 1;
        spec.max_num_clusters ??= spec.min_num_clusters;
        if (Number(spec.max_num_clusters) < Number(spec.min_num_clusters) || Number(spec.max_num_clusters) > 40)
            throw errors_ApiError.invalidParameter('max_num_clusters must be >= min_num_clusters and <= 40.');
        spec.enable_photon ??= true;
        spec.spot_instance_policy ??= 'COST_OPTIMIZED';
        spec.warehouse_type ??= 'CLASSIC';
        spec.channel ??= { name: 'CHANNEL_NAME_CURRENT' };
        return spec;
    }
    create(body) {
        const w = {
            id: this.context.ids.hex(16),
            spec: this.prepare(body),
            state: 'RUNNING',
            creator_name: jobs_store_EMULATOR_USER,
            extra: {},
            seq: this.nextSeq++,
        };
        this.warehouses.set(w.id, w);
        return w;
    }
    edit(id, body) {
        const w = this.require(id);
        w.spec = this.prepare(body, id);
    }
    setState(id, state) {
        this.require(id).state = state;
    }
    delete(id) {
        this.require(id);
        this.warehouses.delete(id);
    }
    /** A GET answer (e.g. the fixture `sql-warehouses/get-sql-endpoint.json`) loaded as is, its id kept. */
    seed(raw) {
        const id = String(raw.id ?? this.context.ids.hex(16));
        const spec = {};
        const extra = {};
        for (const [k, v] of Object.entries(structuredClone(raw))) {
            if (WAREHOUSE_CREATE_FIELDS.includes(k) && k !== 'creator_name')
                spec[k] = v;
            else if (!['id', 'state', 'creator_name'].includes(k))
                extra[k] = v;
        }
        const w = {
            id,
            spec,
            state: raw.state === 'RUNNING' ? 'RUNNING' : 'STOPPED',
            creator_name: String(raw.creator_name ?? jobs_store_EMULATOR_USER),
            extra,
            seq: this.nextSeq++,
        };
        this.warehouses.set(id, w);
        return w;
    }
    seedFromFile(file) {
        const raw = parseJson((0,external_node_fs_namespaceObject.readFileSync)(file, 'utf8'));
        if (!isJsonObject(raw))
            throw new Error(`${file}: not a JSON object`);
        // Both the list shape (`endpoints`/`warehouses`) and a single get answer.
        const list = raw.warehouses ?? raw.endpoints;
        if (Array.isArray(list))
            return list.filter(isJsonObject).map((w) => this.seed(w));
        return [this.seed(raw)];
    }
    /** EndpointInfo: the create fields plus the output-only ones (§16). */
    info(w) {
        const host = `adb-${this.context.orgId}.0.azuredatabricks.net`;
        const httpPath = `/sql/1.0/warehouses/${w.id}`;
        const running = w.state === 'RUNNING';
        return {
            id: w.id,
            ...structuredClone(w.spec),
            creator_name: w.creator_name,
            creator_id: EMULATOR_USER_ID,
            size: SIZES[String(w.spec.cluster_size)] ?? 'XXSMALL',
            auto_resume: true,
            state: w.state,
            num_clusters: running ? Number(w.spec.min_num_clusters ?? 1) : 0,
            num_active_sessions: 0,
            jdbc_url: `jdbc:spark://${host}:443/default;transportMode=http;ssl=1;AuthMech=3;httpPath=${httpPath};`,
            odbc_params: { hostname: host, path: httpPath, port: 443, protocol: 'https' },
            ...(running ? { health: { status: 'HEALTHY' } } : {}),
            ...structuredClone(w.extra),
        };
    }
}
function sql_warehouses_bodyObject(request) {
    if (request.body === undefined)
        return {};
    if (!isJsonObject(request.body))
        throw errors_ApiError.invalidParameter('Request body must be a JSON object.');
    return request.body;
}
const sql_warehouses_encodeToken = (seq) => Buffer.from(`warehouses:${seq}`, 'utf8').toString('base64url');
function sql_warehouses_decodeToken(token) {
    if (token === undefined || token === '')
        return undefined;
    const m = /^warehouses:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m)
        throw errors_ApiError.invalidParameter(`Invalid page token: ${token}`);
    return Number(m[1]);
}
const sqlWarehousesApi = {
    name: 'sql-warehouses',
    register(router, state) {
        const store = state.warehouses;
        const base = '/api/2.0/sql/warehouses';
        router.get(base, (request) => {
            // Without page_size every warehouse is answered at once (the API has no documented default).
            const size = Number(optionalInteger(request, 'page_size') ?? 0);
            if (size < 0)
                throw errors_ApiError.invalidParameter(`Invalid page_size ${size}.`);
            const after = sql_warehouses_decodeToken(optionalString(request, 'page_token')) ?? 0;
            const rest = store.all().filter((w) => w.seq > after);
            const page = size > 0 ? rest.slice(0, size) : rest;
            const out = {};
            if (page.length)
                out.warehouses = page.map((w) => store.info(w));
            if (page.length < rest.length)
                out.next_page_token = sql_warehouses_encodeToken(page[page.length - 1].seq);
            return out;
        });
        router.get(`${base}/:id`, (request) => store.info(store.require(request.params.id)));
        router.post(base, (request) => ({ id: store.create(sql_warehouses_bodyObject(request)).id }));
        router.post(`${base}/:id/edit`, (request) => {
            store.edit(request.params.id, sql_warehouses_bodyObject(request));
            return {};
        });
        router.post(`${base}/:id/start`, (request) => {
            store.setState(request.params.id, 'RUNNING');
            return {};
        });
        router.post(`${base}/:id/stop`, (request) => {
            store.setState(request.params.id, 'STOPPED');
            return {};
        });
        router.delete(`${base}/:id`, (request) => {
            store.delete(request.params.id);
            return {};
        });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/secrets.ts



const secrets_PERMISSIONS = ['READ', 'WRITE', 'MANAGE'];
/** Scope and key names: letters, digits, `-`, `_` and `.`, at most 128 characters (§11). */
const secrets_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** 128 KB per value and 1000 secrets per scope (§11). */
const MAX_SECRET_BYTES = 128 * 1024;
const MAX_SECRETS_PER_SCOPE = 1000;
class SecretsStore {
    context;
    scopes = new Map();
    /**
     * Creating a Key Vault-backed scope needs a user's Azure AD token; a service principal is refused
     * (§11, terraform-provider-databricks#1490). Tests set this to false to play a service principal.
     */
    keyVaultScopesAllowed = true;
    /**
     * The principal requests run as when it is not a workspace admin (admins MANAGE every scope). Listing or
     * reading a scope's ACLs needs MANAGE on it; tests set this to play a read-only plan identity.
     */
    nonAdminCaller;
    constructor(context) {
        this.context = context;
    }
    scope(name) {
        const scope = this.scopes.get(name);
        // Message as production words it (Azure/azure-databricks-operator#94).
        if (!scope)
            throw errors_ApiError.notFound(`Scope ${name} does not exist!`);
        return scope;
    }
    createScope(name, options = {}) {
        if (!secrets_NAME.test(name))
            throw errors_ApiError.invalidParameter(`Scope name '${name}' is invalid: use letters, digits, '-', '_' and '.', at most 128 characters.`);
        if (this.scopes.has(name))
            throw errors_ApiError.alreadyExists(`Scope ${name} already exists!`);
        const scope = {
            name,
            backend_type: options.keyVault ? 'AZURE_KEYVAULT' : 'DATABRICKS',
            keyvault_metadata: options.keyVault,
            secrets: new Map(),
            acls: new Map(),
        };
        // Only "users" is accepted as initial_manage_principal; without it the creator gets MANAGE (§11).
        scope.acls.set(options.initialManagePrincipal ?? options.creator ?? EMULATOR_USER, 'MANAGE');
        this.scopes.set(name, scope);
        return scope;
    }
    /** Bypasses the Key Vault refusal of `secrets/put`, so tests can seed what a vault already holds. */
    put(scopeName, key, value, timestamp = this.context.now()) {
        const scope = this.scope(scopeName);
        if (!secrets_NAME.test(key))
            throw errors_ApiError.invalidParameter(`Secret key '${key}' is invalid: use letters, digits, '-', '_' and '.', at most 128 characters.`);
        const size = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
        if (size > MAX_SECRET_BYTES)
            throw errors_ApiError.invalidParameter(`Secret value is ${size} bytes: at most ${MAX_SECRET_BYTES} allowed.`);
        if (!scope.secrets.has(key) && scope.secrets.size >= MAX_SECRETS_PER_SCOPE)
            throw new errors_ApiError(400, 'RESOURCE_LIMIT_EXCEEDED', `Scope ${scopeName} already holds ${MAX_SECRETS_PER_SCOPE} secrets.`);
        scope.secrets.set(key, {
            ...(typeof value === 'string' ? { string_value: value } : { bytes_value: value }),
            last_updated_timestamp: timestamp,
        });
    }
    /** The stored value, for tests: a string for string_value, bytes for bytes_value. */
    value(scopeName, key) {
        const secret = this.scopes.get(scopeName)?.secrets.get(key);
        return secret?.string_value ?? secret?.bytes_value;
    }
    /** Refuses the ACL endpoints to a non-admin caller without MANAGE on the scope (directly or via `users`). */
    requireManage(scope) {
        const caller = this.nonAdminCaller;
        if (!caller || scope.acls.get(caller) === 'MANAGE' || scope.acls.get('users') === 'MANAGE')
            return;
        throw new errors_ApiError(403, 'PERMISSION_DENIED', `User ${caller} does not have MANAGE permission on scope ${scope.name}.`);
    }
    setAcl(scopeName, principal, permission) {
        const scope = this.scope(scopeName);
        if (!secrets_PERMISSIONS.includes(permission))
            throw errors_ApiError.invalidParameter(`Invalid permission '${permission}': expected one of ${secrets_PERMISSIONS.join(', ')}.`);
        scope.acls.set(principal, permission);
    }
}
function scopeInfo(scope) {
    const out = { name: scope.name, backend_type: scope.backend_type };
    if (scope.keyvault_metadata) {
        out.keyvault_metadata = { ...scope.keyvault_metadata };
        // Only seen on Key Vault scopes in the fixture (secret-scopes-response.json); not invented elsewhere.
        out.is_databricks_managed = false;
    }
    return out;
}
function keyVaultParam(value) {
    const kv = value;
    if (!kv || typeof kv !== 'object')
        throw errors_ApiError.missingField('backend_azure_keyvault');
    if (typeof kv.resource_id !== 'string' || !kv.resource_id)
        throw errors_ApiError.missingField('backend_azure_keyvault.resource_id');
    if (typeof kv.dns_name !== 'string' || !kv.dns_name)
        throw errors_ApiError.missingField('backend_azure_keyvault.dns_name');
    return { resource_id: kv.resource_id, dns_name: kv.dns_name };
}
const secretsApi = {
    name: 'secrets',
    register(router, state) {
        const store = state.secrets;
        router.post('/api/2.0/secrets/scopes/create', (request) => {
            const name = requiredString(request, 'scope');
            const backend = optionalString(request, 'scope_backend_type') ?? 'DATABRICKS';
            const initial = optionalString(request, 'initial_manage_principal');
            if (initial !== undefined && initial !== 'users')
                throw errors_ApiError.invalidParameter(`initial_manage_principal must be 'users', got '${initial}'.`);
            let keyVault;
            if (backend === 'AZURE_KEYVAULT') {
                keyVault = keyVaultParam(param(request, 'backend_azure_keyvault'));
                // The production wording for a caller without a user AAD token (terraform-provider-databricks#1490).
                if (!store.keyVaultScopesAllowed)
                    throw errors_ApiError.invalidParameter('Scope with Azure KeyVault must have userAADToken defined!');
            }
            else if (backend !== 'DATABRICKS')
                throw errors_ApiError.invalidParameter(`Invalid scope_backend_type '${backend}'.`);
            store.createScope(name, { keyVault, initialManagePrincipal: initial });
            return {};
        });
        router.post('/api/2.0/secrets/scopes/delete', (request) => {
            const name = requiredString(request, 'scope');
            store.scope(name);
            store.scopes.delete(name);
            return {};
        });
        router.get('/api/2.0/secrets/scopes/list', () => {
            const scopes = [...store.scopes.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(scopeInfo);
            // Empty lists are omitted (§1.2).
            return scopes.length ? { scopes } : {};
        });
        router.post('/api/2.0/secrets/put', (request) => {
            const scope = store.scope(requiredString(request, 'scope'));
            const key = requiredString(request, 'key');
            const text = optionalString(request, 'string_value');
            const bytes = optionalString(request, 'bytes_value');
            if ((text === undefined) === (bytes === undefined))
                throw errors_ApiError.invalidParameter('Exactly one of string_value and bytes_value must be given.');
            if (scope.backend_type === 'AZURE_KEYVAULT')
                throw new errors_ApiError(400, 'BAD_REQUEST', `Scope ${scope.name} is backed by Azure Key Vault: its secrets are read-only through Databricks.`);
            store.put(scope.name, key, text ?? Buffer.from(bytes, 'base64'));
            return {};
        });
        router.post('/api/2.0/secrets/delete', (request) => {
            const scope = store.scope(requiredString(request, 'scope'));
            const key = requiredString(request, 'key');
            if (scope.backend_type === 'AZURE_KEYVAULT')
                throw new errors_ApiError(400, 'BAD_REQUEST', `Scope ${scope.name} is backed by Azure Key Vault: its secrets are read-only through Databricks.`);
            if (!scope.secrets.delete(key))
                throw errors_ApiError.notFound(`Secret ${key} does not exist in scope ${scope.name}.`);
            return {};
        });
        router.get('/api/2.0/secrets/list', (request) => {
            const scope = store.scope(requiredString(request, 'scope'));
            const secrets = [...scope.secrets]
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([key, s]) => ({ key, last_updated_timestamp: s.last_updated_timestamp }));
            return secrets.length ? { secrets } : {};
        });
        // Values are only readable through dbutils inside a notebook (§11): every REST caller is refused.
        router.get('/api/2.0/secrets/get', () => {
            throw new errors_ApiError(400, 'BAD_REQUEST', 'Secret values can only be read from a notebook with dbutils.secrets.get.');
        });
        router.post('/api/2.0/secrets/acls/put', (request) => {
            const scope = requiredString(request, 'scope');
            const principal = requiredString(request, 'principal');
            store.setAcl(scope, principal, requiredString(request, 'permission'));
            return {};
        });
        router.post('/api/2.0/secrets/acls/delete', (request) => {
            const scope = store.scope(requiredString(request, 'scope'));
            const principal = requiredString(request, 'principal');
            if (!scope.acls.delete(principal))
                throw errors_ApiError.notFound(`ACL for principal ${principal} does not exist in scope ${scope.name}.`);
            return {};
        });
        router.get('/api/2.0/secrets/acls/list', (request) => {
            const scope = store.scope(requiredString(request, 'scope'));
            store.requireManage(scope);
            // The SDKs parse `items`, not the `acls` an older docstring names (§11).
            const items = [...scope.acls]
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([principal, permission]) => ({ principal, permission }));
            return items.length ? { items } : {};
        });
        router.get('/api/2.0/secrets/acls/get', (request) => {
            const scope = store.scope(requiredString(request, 'scope'));
            store.requireManage(scope);
            const principal = requiredString(request, 'principal');
            const permission = scope.acls.get(principal);
            if (!permission)
                throw errors_ApiError.notFound(`ACL for principal ${principal} does not exist in scope ${scope.name}.`);
            return { principal, permission };
        });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/global-init-scripts.ts
/**
 * Global Init Scripts API 2.0 (reference §8): list (without content), get (content as base64), create,
 * PATCH update, delete. Scripts keep contiguous positions 0..n-1: creating or moving a script to a taken
 * position shifts the others by one, as the reference describes.
 */




class GlobalInitScriptsStore {
    context;
    /** In position order: the index is the position. */
    scripts = [];
    constructor(context) {
        this.context = context;
    }
    get(id) {
        const script = this.scripts.find((s) => s.script_id === id);
        if (!script)
            throw errors_ApiError.notFound(`The global init script with id ${id} does not exist.`);
        return script;
    }
    position(script) {
        return this.scripts.indexOf(script);
    }
    /** Default position is last; a position past the end is taken as last (UNVERIFIED: production may refuse it). */
    create(fields) {
        const now = this.context.now();
        const script = {
            script_id: this.context.ids.hex(16, true),
            name: fields.name,
            // The API documents enabled as false when omitted.
            enabled: fields.enabled ?? false,
            script: fields.script,
            created_at: now,
            created_by: EMULATOR_USER,
            updated_at: now,
            updated_by: EMULATOR_USER,
        };
        this.insert(script, fields.position);
        return script;
    }
    update(id, fields) {
        const script = this.get(id);
        script.name = fields.name;
        script.script = fields.script;
        if (fields.enabled !== undefined)
            script.enabled = fields.enabled;
        script.updated_at = this.context.now();
        script.updated_by = EMULATOR_USER;
        if (fields.position !== undefined) {
            this.scripts.splice(this.position(script), 1);
            this.insert(script, fields.position);
        }
        return script;
    }
    delete(id) {
        this.scripts.splice(this.position(this.get(id)), 1);
    }
    insert(script, position) {
        const at = position === undefined ? this.scripts.length : Math.min(position, this.scripts.length);
        this.scripts.splice(at, 0, script);
    }
    info(script, withContent) {
        const out = {
            script_id: script.script_id,
            name: script.name,
            position: this.position(script),
            enabled: script.enabled,
            created_at: script.created_at,
            created_by: script.created_by,
            updated_at: script.updated_at,
            updated_by: script.updated_by,
        };
        if (withContent)
            out.script = script.script.toString('base64');
        return out;
    }
}
function positionParam(request) {
    const position = optionalInteger(request, 'position');
    if (position === undefined)
        return undefined;
    if (Number(position) < 0)
        throw errors_ApiError.invalidParameter(`position must be 0 or more, got ${position}.`);
    return Number(position);
}
function scriptParam(request) {
    const text = requiredString(request, 'script');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text))
        throw errors_ApiError.invalidParameter('script must be base64-encoded.');
    return Buffer.from(text, 'base64');
}
const globalInitScriptsApi = {
    name: 'global-init-scripts',
    register(router, state) {
        const store = state.globalInitScripts;
        router.get('/api/2.0/global-init-scripts', () => {
            const scripts = store.scripts.map((s) => store.info(s, false));
            return scripts.length ? { scripts } : {};
        });
        router.get('/api/2.0/global-init-scripts/:script_id', (request) => store.info(store.get(request.params.script_id), true));
        router.post('/api/2.0/global-init-scripts', (request) => {
            if (!isJsonObject(request.body))
                throw errors_ApiError.invalidParameter('Request body must be a JSON object.');
            const script = store.create({
                name: requiredString(request, 'name'),
                script: scriptParam(request),
                enabled: optionalBoolean(request, 'enabled'),
                position: positionParam(request),
            });
            return { script_id: script.script_id };
        });
        // name and script are required on update too (the SDKs mark both required, §8).
        router.patch('/api/2.0/global-init-scripts/:script_id', (request) => {
            store.update(request.params.script_id, {
                name: requiredString(request, 'name'),
                script: scriptParam(request),
                enabled: optionalBoolean(request, 'enabled'),
                position: positionParam(request),
            });
            return {};
        });
        router.delete('/api/2.0/global-init-scripts/:script_id', (request) => {
            store.delete(request.params.script_id);
            return {};
        });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/dbfs.ts


/** 1 MB: the largest read, put and block (§9). */
const DBFS_MAX_BLOCK = 1024 * 1024;
const DEFAULT_READ_LENGTH = 512 * 1024;
/** `dbfs:/a//b/` and `/a/b` are the same path. */
function normalizeDbfsPath(raw) {
    const stripped = raw.replace(/^dbfs:/, '');
    if (!stripped.startsWith('/'))
        throw errors_ApiError.invalidParameter(`Path must be absolute: ${raw}`);
    const parts = stripped.split('/').filter(Boolean);
    if (parts.some((p) => p === '.' || p === '..'))
        throw errors_ApiError.invalidParameter(`Invalid path: ${raw}`);
    return '/' + parts.join('/');
}
function dbfs_parentOf(path) {
    if (path === '/')
        return undefined;
    const i = path.lastIndexOf('/');
    return i <= 0 ? '/' : path.slice(0, i);
}
function notFound(path) {
    return errors_ApiError.notFound(`No file or directory exists on path ${path}.`);
}
class DbfsStore {
    context;
    entries = new Map();
    handles = new Map();
    constructor(context) {
        this.context = context;
        this.entries.set('/', { is_dir: true, data: Buffer.alloc(0), modification_time: 0 });
    }
    get(path) {
        return this.entries.get(normalizeDbfsPath(path));
    }
    mkdirs(raw) {
        const path = normalizeDbfsPath(raw);
        const missing = [];
        for (let p = path; p !== undefined; p = dbfs_parentOf(p)) {
            const entry = this.entries.get(p);
            if (entry && !entry.is_dir)
                throw new errors_ApiError(400, 'RESOURCE_ALREADY_EXISTS', `A file exists at ${p}: cannot create a directory.`);
            if (entry)
                break;
            missing.push(p);
        }
        const now = this.context.now();
        for (const p of missing)
            this.entries.set(p, { is_dir: true, data: Buffer.alloc(0), modification_time: now });
    }
    /** Writes a whole file, creating parent directories as DBFS does; also for tests to seed content. */
    write(raw, data, overwrite = true) {
        const path = normalizeDbfsPath(raw);
        const existing = this.entries.get(path);
        if (existing?.is_dir)
            throw errors_ApiError.alreadyExists(`A directory already exists at ${path}.`);
        if (existing && !overwrite)
            throw errors_ApiError.alreadyExists(`A file or directory already exists at the input path ${path}.`);
        const parent = dbfs_parentOf(path);
        if (parent)
            this.mkdirs(parent);
        this.entries.set(path, { is_dir: false, data, modification_time: this.context.now() });
    }
    list(raw) {
        const path = normalizeDbfsPath(raw);
        const entry = this.entries.get(path);
        if (!entry)
            throw notFound(path);
        // Listing a file answers the file itself, as the real API does.
        if (!entry.is_dir)
            return [path];
        const prefix = path === '/' ? '/' : path + '/';
        return [...this.entries.keys()]
            .filter((p) => p !== path && p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
            .sort();
    }
    info(path) {
        const entry = this.entries.get(path);
        if (!entry)
            throw notFound(path);
        return {
            path,
            is_dir: entry.is_dir,
            file_size: entry.is_dir ? 0 : entry.data.length,
            modification_time: entry.modification_time,
        };
    }
    delete(raw, recursive) {
        const path = normalizeDbfsPath(raw);
        const entry = this.entries.get(path);
        // Deleting a missing path succeeds (the SDKs' delete is idempotent; UNVERIFIED for production).
        if (!entry)
            return;
        const prefix = path === '/' ? '/' : path + '/';
        const children = [...this.entries.keys()].filter((p) => p.startsWith(prefix) && p !== path);
        if (entry.is_dir && children.length && !recursive)
            throw new errors_ApiError(400, 'IO_ERROR', `Directory ${path} is not empty: use recursive delete.`);
        for (const c of children)
            this.entries.delete(c);
        if (path !== '/')
            this.entries.delete(path);
    }
    move(rawSource, rawDestination) {
        const source = normalizeDbfsPath(rawSource);
        const destination = normalizeDbfsPath(rawDestination);
        if (!this.entries.has(source))
            throw notFound(source);
        if (this.entries.has(destination))
            throw errors_ApiError.alreadyExists(`A file or directory already exists at the input path ${destination}.`);
        const parent = dbfs_parentOf(destination);
        if (parent)
            this.mkdirs(parent);
        const prefix = source + '/';
        for (const p of [...this.entries.keys()]) {
            if (p !== source && !p.startsWith(prefix))
                continue;
            const entry = this.entries.get(p);
            this.entries.delete(p);
            this.entries.set(destination + p.slice(source.length), entry);
        }
    }
    open(raw, overwrite) {
        const path = normalizeDbfsPath(raw);
        const existing = this.entries.get(path);
        if (existing?.is_dir)
            throw errors_ApiError.alreadyExists(`A directory already exists at ${path}.`);
        if (existing && !overwrite)
            throw errors_ApiError.alreadyExists(`A file or directory already exists at the input path ${path}.`);
        const handle = this.context.ids.int64();
        this.handles.set(handle, { path, chunks: [] });
        return handle;
    }
    addBlock(handle, data) {
        this.handle(handle).chunks.push(data);
    }
    /** The file appears only on close, so a reader never sees a half-written upload. */
    close(handle) {
        const h = this.handle(handle);
        this.handles.delete(handle);
        this.write(h.path, Buffer.concat(h.chunks), true);
    }
    handle(handle) {
        const h = this.handles.get(handle);
        if (!h)
            throw errors_ApiError.notFound(`No file handle ${handle} exists.`);
        return h;
    }
}
function pathParam(request, name = 'path') {
    return normalizeDbfsPath(requiredString(request, name));
}
function base64Block(request, name, required) {
    const part = request.form?.[name];
    const data = part?.filename !== undefined ? part.data : undefined;
    const text = data ? undefined : optionalString(request, name);
    if (data === undefined && text === undefined) {
        if (required)
            throw errors_ApiError.missingField(name);
        return undefined;
    }
    const bytes = data ?? Buffer.from(text, 'base64');
    if (bytes.length > DBFS_MAX_BLOCK)
        throw new errors_ApiError(400, 'MAX_BLOCK_SIZE_EXCEEDED', `The block of ${bytes.length} bytes exceeds the maximum of ${DBFS_MAX_BLOCK} bytes.`);
    return bytes;
}
function handleParam(request) {
    const handle = optionalInteger(request, 'handle');
    if (handle === undefined)
        throw errors_ApiError.missingField('handle');
    return Number(handle);
}
const dbfsApi = {
    name: 'dbfs',
    register(router, state) {
        const store = state.dbfs;
        router.get('/api/2.0/dbfs/list', (request) => {
            const files = store.list(pathParam(request)).map((p) => store.info(p));
            return files.length ? { files } : {};
        });
        router.get('/api/2.0/dbfs/get-status', (request) => store.info(pathParam(request)));
        router.get('/api/2.0/dbfs/read', (request) => {
            const path = pathParam(request);
            const offset = Number(optionalInteger(request, 'offset') ?? 0);
            const length = Number(optionalInteger(request, 'length') ?? DEFAULT_READ_LENGTH);
            if (offset < 0 || length < 0)
                throw errors_ApiError.invalidParameter('offset and length must not be negative.');
            if (length > DBFS_MAX_BLOCK)
                throw new errors_ApiError(400, 'MAX_READ_SIZE_EXCEEDED', `Cannot read more than ${DBFS_MAX_BLOCK} bytes at once, asked for ${length}.`);
            const entry = store.entries.get(path);
            if (!entry)
                throw notFound(path);
            if (entry.is_dir)
                throw errors_ApiError.invalidParameter(`Cannot read ${path}: it is a directory.`);
            // Reading past the end answers what is left (possibly nothing), as production does (§9).
            const data = entry.data.subarray(Math.min(offset, entry.data.length), offset + length);
            return { bytes_read: data.length, data: data.toString('base64') };
        });
        router.post('/api/2.0/dbfs/put', (request) => {
            const path = pathParam(request);
            const contents = base64Block(request, 'contents', false) ?? Buffer.alloc(0);
            store.write(path, contents, optionalBoolean(request, 'overwrite') ?? false);
            return {};
        });
        router.post('/api/2.0/dbfs/create', (request) => ({
            handle: store.open(pathParam(request), optionalBoolean(request, 'overwrite') ?? false),
        }));
        router.post('/api/2.0/dbfs/add-block', (request) => {
            store.addBlock(handleParam(request), base64Block(request, 'data', true));
            return {};
        });
        router.post('/api/2.0/dbfs/close', (request) => {
            store.close(handleParam(request));
            return {};
        });
        router.post('/api/2.0/dbfs/mkdirs', (request) => {
            store.mkdirs(pathParam(request));
            return {};
        });
        router.post('/api/2.0/dbfs/delete', (request) => {
            store.delete(pathParam(request), optionalBoolean(request, 'recursive') ?? false);
            return {};
        });
        router.post('/api/2.0/dbfs/move', (request) => {
            store.move(pathParam(request, 'source_path'), pathParam(request, 'destination_path'));
            return {};
        });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/scim.ts
/**
 * SCIM 2.0 (reference §13): workspace Users, Groups and ServicePrincipals under
 * `/api/2.0/preview/scim/v2/…`, plus `Me`. camelCase JSON, 1-based `startIndex`/`count` paging, a filter
 * subset (`eq`, `ne`, `co`, `sw` joined by `and`/`or`, no parentheses), PATCH operations on members,
 * entitlements and simple attributes. Errors use the SCIM error body, not the usual `error_code` one.
 *
 * Built-in groups: `admins` (the emulator's own user is in it) and `users`, whose members are every user
 * and service principal automatically, so its membership cannot be patched (UNVERIFIED: real workspaces
 * refuse or ignore such writes; refusing makes a client that tries it visible).
 *
 * Account groups (identity federation): groups of the Databricks account assigned to the workspace, answered
 * with `meta.resourceType: "Group"` (workspace-local ones: `"WorkspaceGroup"`, §13). Their members are
 * managed in the account, so the workspace refuses member changes and deletion (UNVERIFIED wording); their
 * entitlements are the workspace's. `POST …/Groups` always makes a workspace-local group; tests seed account
 * groups with `addAccountGroup`.
 */




const scim_BASE = '/api/2.0/preview/scim/v2';
const SCHEMA = {
    user: 'urn:ietf:params:scim:schemas:core:2.0:User',
    group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
    sp: 'urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal',
    list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
    error: 'urn:ietf:params:scim:api:messages:2.0:Error',
    patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
};
/** Largest page answered, whatever `count` asks for (keeps clients honest about paging). */
const SCIM_MAX_COUNT = 100;
const scim_BUILTIN_GROUPS = ['admins', 'users'];
/** A SCIM error (§13): `{"schemas":[…Error], "detail", "status", "scimType"?}`, not the usual body. */
class ScimError extends errors_ApiError {
    detail;
    scimType;
    constructor(status, detail, scimType) {
        super(status, `SCIM_${status}`, detail);
        this.detail = detail;
        this.scimType = scimType;
    }
    body() {
        return {
            schemas: [SCHEMA.error],
            detail: this.detail,
            status: String(this.status),
            ...(this.scimType ? { scimType: this.scimType } : {}),
        };
    }
}
function scimError(status, detail, scimType) {
    return new ScimError(status, detail, scimType);
}
class ScimStore {
    context;
    users = new Map();
    groups = new Map();
    servicePrincipals = new Map();
    /**
     * When set, the workspace behaves like an Azure AD-backed one: a user whose userName is not in this set
     * cannot be created (the tenant does not know them). Undefined: anyone can be created.
     */
    tenantUsers;
    me;
    constructor(context) {
        this.context = context;
        this.me = this.createUser({ userName: EMULATOR_USER, displayName: 'Emulator Admin' }, true);
        const admins = this.createGroup({ displayName: 'admins' });
        admins.members.add(this.me.id);
        const users = this.createGroup({ displayName: 'users' });
        users.entitlements.add('workspace-access');
        users.entitlements.add('databricks-sql-access');
    }
    /**
     * SCIM ids are decimal strings (~16 digits). A local counter rather than the shared id generator, so
     * that adding SCIM did not shift the ids every other store hands out for a given seed.
     */
    nextId = 1;
    newId() {
        return String(BigInt(this.context.orgId.replace(/\D/g, '') || '1') * 1000n + BigInt(this.nextId++));
    }
    /** Every principal and group id, to resolve members. */
    exists(id) {
        return this.users.has(id) || this.groups.has(id) || this.servicePrincipals.has(id);
    }
    userByName(userName) {
        const want = userName.toLowerCase();
        return [...this.users.values()].find((u) => u.userName.toLowerCase() === want);
    }
    groupByName(displayName) {
        return [...this.groups.values()].find((g) => g.displayName === displayName);
    }
    spByApplicationId(applicationId) {
        return [...this.servicePrincipals.values()].find((s) => s.applicationId === applicationId);
    }
    createUser(input, skipTenant = false) {
        if (!input.userName)
            throw scimError(400, 'Request is missing required field: userName', 'invalidValue');
        if (this.userByName(input.userName))
            throw scimError(409, `User with username ${input.userName} already exists.`, 'uniqueness');
        if (!skipTenant && this.tenantUsers && !this.tenantUsers.has(input.userName))
            // UNVERIFIED wording; Azure workspaces refuse users their Azure AD tenant does not know.
            throw scimError(400, `User ${input.userName} does not exist in the Azure Active Directory tenant of this workspace.`, 'invalidValue');
        const user = {
            id: this.newId(),
            userName: input.userName,
            displayName: input.displayName ?? input.userName,
            active: input.active ?? true,
            entitlements: new Set(input.entitlements ?? []),
        };
        this.users.set(user.id, user);
        return user;
    }
    createServicePrincipal(input) {
        // AWS/GCP generate the application id; Azure requires one (§13).
        const applicationId = input.applicationId ?? this.context.ids.uuid();
        if (this.spByApplicationId(applicationId))
            throw scimError(409, `Service principal with applicationId ${applicationId} already exists.`, 'uniqueness');
        const sp = {
            id: this.newId(),
            applicationId,
            displayName: input.displayName ?? applicationId,
            active: input.active ?? true,
            entitlements: new Set(input.entitlements ?? []),
        };
        this.servicePrincipals.set(sp.id, sp);
        return sp;
    }
    createGroup(input) {
        if (!input.displayName)
            throw scimError(400, 'Request is missing required field: displayName', 'invalidValue');
        if (this.groupByName(input.displayName))
            throw scimError(409, `Group with name ${input.displayName} already exists.`, 'uniqueness');
        const group = {
            id: this.newId(),
            displayName: input.displayName,
            members: new Set(),
            entitlements: new Set(input.entitlements ?? []),
        };
        for (const m of input.members ?? [])
            this.addMember(group, m);
        this.groups.set(group.id, group);
        return group;
    }
    /** An account group assigned to the workspace, with its members (set in the account, not here). */
    addAccountGroup(displayName, memberIds = []) {
        const group = this.createGroup({ displayName });
        for (const m of memberIds)
            this.addMember(group, m);
        group.account = true;
        return group;
    }
    refuseAccountGroup(group, what) {
        if (group.account)
            throw scimError(400, `${group.displayName} is an account group: its ${what} is managed in the account console.`, 'mutability');
    }
    addMember(group, memberId) {
        this.refuseAccountGroup(group, 'membership');
        if (group.displayName === 'users')
            throw scimError(400, 'Cannot modify the members of the users group.', 'mutability');
        if (!this.exists(memberId))
            throw scimError(404, `Member ${memberId} not found.`);
        if (memberId === group.id)
            throw scimError(400, 'A group cannot be a member of itself.', 'invalidValue');
        group.members.add(memberId);
    }
    removeMember(group, memberId) {
        this.refuseAccountGroup(group, 'membership');
        if (group.displayName === 'users')
            throw scimError(400, 'Cannot modify the members of the users group.', 'mutability');
        group.members.delete(memberId);
    }
    /** Members as answered; `users` holds every user and service principal. */
    membersOf(group) {
        if (group.displayName === 'users')
            return [...this.users.keys(), ...this.servicePrincipals.keys()];
        return [...group.members].filter((id) => this.exists(id));
    }
    groupsOf(id) {
        return [...this.groups.values()].filter((g) => this.membersOf(g).includes(id));
    }
    delete(resource, id) {
        const map = this.mapOf(resource);
        const found = map.get(id);
        if (!found)
            throw scim_notFound(resource, id);
        if (resource === 'Groups' &&
            scim_BUILTIN_GROUPS.includes(found.displayName))
            throw scimError(400, `Cannot delete the built-in group ${found.displayName}.`, 'mutability');
        if (resource === 'Groups')
            this.refuseAccountGroup(found, 'assignment to this workspace');
        if (resource === 'Users' && id === this.me.id)
            throw scimError(400, 'Cannot delete the current user.');
        map.delete(id);
        for (const g of this.groups.values())
            g.members.delete(id);
    }
    mapOf(resource) {
        return resource === 'Users' ? this.users : resource === 'Groups' ? this.groups : this.servicePrincipals;
    }
    /** A resource as SCIM answers it. */
    render(resource, id) {
        const ref = (gid) => {
            const g = this.groups.get(gid);
            return { value: g.id, display: g.displayName, $ref: `Groups/${g.id}`, type: 'direct' };
        };
        const values = (s) => [...s].sort().map((value) => ({ value }));
        const withLists = (out, entitlements, memberOf) => {
            if (entitlements.size)
                out.entitlements = values(entitlements);
            if (memberOf.length)
                out.groups = memberOf.map((g) => ref(g.id));
            return out;
        };
        if (resource === 'Users') {
            const u = this.users.get(id);
            if (!u)
                throw scim_notFound(resource, id);
            return withLists({
                schemas: [SCHEMA.user],
                id: u.id,
                userName: u.userName,
                displayName: u.displayName ?? u.userName,
                active: u.active,
                emails: [{ value: u.userName, type: 'work', primary: true }],
            }, u.entitlements, this.groupsOf(u.id));
        }
        if (resource === 'ServicePrincipals') {
            const s = this.servicePrincipals.get(id);
            if (!s)
                throw scim_notFound(resource, id);
            return withLists({
                schemas: [SCHEMA.sp],
                id: s.id,
                applicationId: s.applicationId,
                displayName: s.displayName ?? s.applicationId,
                active: s.active,
            }, s.entitlements, this.groupsOf(s.id));
        }
        const g = this.groups.get(id);
        if (!g)
            throw scim_notFound(resource, id);
        const out = {
            schemas: [SCHEMA.group],
            id: g.id,
            displayName: g.displayName,
            meta: { resourceType: g.account ? 'Group' : 'WorkspaceGroup' },
        };
        const members = this.membersOf(g).map((mid) => this.memberRef(mid));
        if (members.length)
            out.members = members;
        return withLists(out, g.entitlements, this.groupsOf(g.id));
    }
    memberRef(id) {
        const u = this.users.get(id);
        if (u)
            return { value: id, display: u.displayName ?? u.userName, $ref: `Users/${id}` };
        const s = this.servicePrincipals.get(id);
        if (s)
            return { value: id, display: s.displayName ?? s.applicationId, $ref: `ServicePrincipals/${id}` };
        const g = this.groups.get(id);
        return { value: id, display: g.displayName, $ref: `Groups/${id}` };
    }
}
function scim_notFound(resource, id) {
    const what = resource === 'Users' ? 'User' : resource === 'Groups' ? 'Group' : 'Service principal';
    return scimError(404, `${what} ${id} not found.`);
}
/** Attribute lookup, case-insensitive as SCIM attribute names are; `emails.value` style paths too. */
function attribute(resource, path) {
    let values = [resource];
    for (const part of path.split('.')) {
        const next = [];
        for (const v of values) {
            const items = Array.isArray(v) ? v : [v];
            for (const item of items) {
                if (!isJsonObject(item))
                    continue;
                const key = Object.keys(item).find((k) => k.toLowerCase() === part.toLowerCase());
                if (key !== undefined)
                    next.push(item[key]);
            }
        }
        values = next.flatMap((v) => (Array.isArray(v) ? v : [v]));
    }
    return values.filter((v) => v !== null && typeof v !== 'object').map((v) => String(v));
}
const TERM = /^\s*([A-Za-z][\w.$]*)\s+(eq|ne|co|sw|ew)\s+(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*$/i;
function parseFilter(filter) {
    const or = filter.split(/\s+or\s+/i).map((part) => part.split(/\s+and\s+/i).map((term) => {
        const m = TERM.exec(term);
        if (!m)
            throw scimError(400, `Invalid filter '${filter}'.`, 'invalidFilter');
        const [, attr, opRaw, quoted, bare] = m;
        const op = opRaw.toLowerCase();
        const value = (quoted ?? bare).replace(/\\(.)/g, '$1');
        // SCIM compares userName and displayName case-insensitively (caseExact false).
        const want = value.toLowerCase();
        return (r) => {
            const have = attribute(r, attr).map((v) => v.toLowerCase());
            if (op === 'ne')
                return !have.includes(want);
            if (op === 'eq')
                return have.includes(want);
            if (op === 'co')
                return have.some((v) => v.includes(want));
            if (op === 'sw')
                return have.some((v) => v.startsWith(want));
            return have.some((v) => v.endsWith(want));
        };
    }));
    return (r) => or.some((and) => and.every((p) => p(r)));
}
// ----- requests ---------------------------------------------------------------------------------------
function body(request) {
    if (!isJsonObject(request.body))
        throw scimError(400, 'Request is unparsable, syntactically incorrect, or violates schema.', 'invalidSyntax');
    return request.body;
}
function queryString(request, name) {
    const v = request.query[name];
    return Array.isArray(v) ? v[0] : v;
}
function positiveInt(request, name, fallback) {
    const raw = queryString(request, name);
    if (raw === undefined || raw === '')
        return fallback;
    if (!/^\d+$/.test(raw))
        throw scimError(400, `Invalid ${name} '${raw}'.`, 'invalidValue');
    return Number(raw);
}
function valueList(value) {
    if (value === undefined || value === null)
        return [];
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => {
        const v = isJsonObject(item) ? item.value : item;
        if (typeof v !== 'string' && typeof v !== 'number')
            throw scimError(400, 'Each value must be {"value": ...}.', 'invalidValue');
        return String(v);
    });
}
function entitlementsOf(b) {
    return valueList(b.entitlements);
}
/** `members[value eq "123"]` → `{attr: 'members', value: '123'}`. */
function parsePath(path) {
    const m = /^\s*(\w+)\s*(?:\[\s*value\s+eq\s+"?([^"\]]*)"?\s*\])?\s*$/i.exec(path);
    if (!m)
        throw scimError(400, `Invalid path '${path}'.`, 'invalidPath');
    return { attr: m[1].toLowerCase(), value: m[2] };
}
function applyPatch(store, resource, id, b) {
    const target = store.mapOf(resource).get(id);
    if (!target)
        throw scim_notFound(resource, id);
    const ops = b.Operations ?? b.operations;
    if (!Array.isArray(ops))
        throw scimError(400, 'Missing Operations.', 'invalidSyntax');
    for (const raw of ops) {
        if (!isJsonObject(raw))
            throw scimError(400, 'Invalid operation.', 'invalidSyntax');
        const op = String(raw.op ?? '').toLowerCase();
        if (!['add', 'remove', 'replace'].includes(op))
            throw scimError(400, `Invalid op '${String(raw.op)}'.`, 'invalidSyntax');
        if (raw.path === undefined) {
            // No path: the value is an object of attributes.
            if (!isJsonObject(raw.value))
                throw scimError(400, 'Operation without path needs an object value.', 'invalidValue');
            for (const [attr, value] of Object.entries(raw.value))
                patchAttribute(store, resource, target, op, attr.toLowerCase(), undefined, value);
            continue;
        }
        const { attr, value } = parsePath(String(raw.path));
        patchAttribute(store, resource, target, op, attr, value, raw.value);
    }
}
function patchAttribute(store, resource, target, op, attr, selected, value) {
    if (attr === 'members') {
        if (resource !== 'Groups')
            throw scimError(400, 'Only groups have members.', 'invalidPath');
        const group = target;
        const ids = selected !== undefined ? [selected] : valueList(value);
        if (op === 'remove')
            for (const m of ids)
                store.removeMember(group, m);
        else {
            if (op === 'replace')
                for (const m of [...group.members])
                    store.removeMember(group, m);
            for (const m of ids)
                store.addMember(group, m);
        }
        return;
    }
    if (attr === 'entitlements') {
        const ids = selected !== undefined ? [selected] : valueList(value);
        if (op === 'remove')
            for (const e of ids)
                target.entitlements.delete(e);
        else {
            if (op === 'replace')
                target.entitlements.clear();
            for (const e of ids)
                target.entitlements.add(e);
        }
        return;
    }
    if (attr === 'active' && resource !== 'Groups') {
        if (typeof value !== 'boolean')
            throw scimError(400, 'active must be a boolean.', 'invalidValue');
        target.active = value;
        return;
    }
    if (attr === 'displayname') {
        if (typeof value !== 'string' || !value)
            throw scimError(400, 'displayName must be a string.', 'invalidValue');
        if (resource === 'Groups') {
            const other = store.groupByName(value);
            if (other && other.id !== target.id)
                throw scimError(409, `Group with name ${value} already exists.`, 'uniqueness');
        }
        target.displayName = value;
        return;
    }
    throw scimError(400, `Unsupported path '${attr}'.`, 'invalidPath');
}
/**
 * Whoever created a job, cluster, pipeline or warehouse is a user of the workspace. Objects seeded from
 * fixtures name creators this store never saw; they are added (outside any tenant check), as a real
 * workspace would already have them.
 */
function syncCreators(state) {
    const names = new Set();
    for (const j of state.jobs.all())
        names.add(j.creator_user_name);
    for (const c of state.compute.clusters.values())
        names.add(c.creator_user_name);
    for (const p of state.pipelines.all())
        names.add(p.creator_user_name);
    for (const w of state.warehouses.all())
        names.add(w.creator_name);
    for (const name of names)
        // Service principals create objects too (their application id is a UUID): those are not users.
        if (name && !/^[0-9a-f-]{36}$/i.test(name) && !state.scim.userByName(name))
            state.scim.createUser({ userName: name }, true);
}
const scimApi = {
    name: 'scim',
    register(router, state) {
        const store = state.scim;
        // Every SCIM answer sees the creators of objects seeded since the last request.
        const synced = (handler) => (request) => {
            syncCreators(state);
            return handler(request);
        };
        router.get(`${scim_BASE}/Me`, synced(() => store.render('Users', store.me.id)));
        for (const resource of ['Users', 'Groups', 'ServicePrincipals']) {
            router.get(`${scim_BASE}/${resource}`, synced((request) => {
                const filter = queryString(request, 'filter');
                const predicate = filter ? parseFilter(filter) : () => true;
                const all = [...store.mapOf(resource).keys()]
                    .map((id) => store.render(resource, id))
                    .filter(predicate)
                    // Creation order is id order only by chance; a stable order keeps pages from overlapping.
                    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
                const startIndex = Math.max(1, positiveInt(request, 'startIndex', 1));
                const count = Math.min(SCIM_MAX_COUNT, positiveInt(request, 'count', SCIM_MAX_COUNT));
                const page = all.slice(startIndex - 1, startIndex - 1 + count);
                const out = {
                    totalResults: all.length,
                    startIndex,
                    itemsPerPage: page.length,
                    schemas: [SCHEMA.list],
                };
                if (page.length)
                    out.Resources = page;
                return out;
            }));
            router.get(`${scim_BASE}/${resource}/:id`, synced((request) => store.render(resource, request.params.id)));
            router.delete(`${scim_BASE}/${resource}/:id`, synced((request) => {
                store.delete(resource, request.params.id);
                return Reply.empty(204);
            }));
            router.patch(`${scim_BASE}/${resource}/:id`, synced((request) => {
                applyPatch(store, resource, request.params.id, body(request));
                return store.render(resource, request.params.id);
            }));
        }
        router.post(`${scim_BASE}/Users`, synced((request) => {
            const b = body(request);
            const user = store.createUser({
                userName: typeof b.userName === 'string' ? b.userName : '',
                displayName: typeof b.displayName === 'string' ? b.displayName : undefined,
                active: typeof b.active === 'boolean' ? b.active : undefined,
                entitlements: entitlementsOf(b),
            });
            for (const gid of valueList(b.groups)) {
                const g = store.groups.get(gid);
                if (g)
                    store.addMember(g, user.id);
            }
            return Reply.json(store.render('Users', user.id), 201);
        }));
        router.post(`${scim_BASE}/ServicePrincipals`, synced((request) => {
            const b = body(request);
            const sp = store.createServicePrincipal({
                applicationId: typeof b.applicationId === 'string' ? b.applicationId : undefined,
                displayName: typeof b.displayName === 'string' ? b.displayName : undefined,
                active: typeof b.active === 'boolean' ? b.active : undefined,
                entitlements: entitlementsOf(b),
            });
            return Reply.json(store.render('ServicePrincipals', sp.id), 201);
        }));
        router.post(`${scim_BASE}/Groups`, synced((request) => {
            const b = body(request);
            const group = store.createGroup({
                displayName: typeof b.displayName === 'string' ? b.displayName : '',
                members: valueList(b.members),
                entitlements: entitlementsOf(b),
            });
            return Reply.json(store.render('Groups', group.id), 201);
        }));
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/permissions.ts
/**
 * Permissions API 2.0 (reference §12): `GET/PUT/PATCH /api/2.0/permissions/{type}/{id}` and
 * `…/permissionLevels` for clusters, instance pools, cluster policies, jobs, pipelines, notebooks,
 * directories (`0` = the root), files, repos and SQL warehouses (`warehouses` and `sql/warehouses`).
 *
 * Only direct grants are stored; GET adds what a real workspace shows as inherited: the `admins` group's
 * CAN_MANAGE, and for workspace objects every direct grant of the folders above them. Objects are looked up
 * in the other stores, so an unknown id is refused as production refuses it. Jobs, pipelines and warehouses
 * have exactly one IS_OWNER (their creator until someone else is made owner); clusters and pools give their
 * creator a direct CAN_MANAGE, as the Terraform fixtures show.
 */




const permissions_PRINCIPAL_FIELDS = ['user_name', 'group_name', 'service_principal_name'];
const WORKSPACE_LEVELS = ['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'];
/** By `{type}` in the URL (§12 table). */
const PERMISSION_TYPES = {
    clusters: {
        objectType: 'cluster',
        prefix: '/clusters/',
        levels: ['CAN_ATTACH_TO', 'CAN_RESTART', 'CAN_MANAGE'],
        owned: false,
    },
    'instance-pools': {
        objectType: 'instance-pool',
        prefix: '/instance-pools/',
        levels: ['CAN_ATTACH_TO', 'CAN_MANAGE'],
        owned: false,
    },
    'cluster-policies': {
        objectType: 'cluster-policy',
        prefix: '/cluster-policies/',
        levels: ['CAN_USE'],
        owned: false,
    },
    jobs: {
        objectType: 'job',
        prefix: '/jobs/',
        levels: ['CAN_VIEW', 'CAN_MANAGE_RUN', 'IS_OWNER', 'CAN_MANAGE'],
        owned: true,
    },
    pipelines: {
        objectType: 'pipelines',
        prefix: '/pipelines/',
        levels: ['CAN_VIEW', 'CAN_RUN', 'CAN_MANAGE', 'IS_OWNER'],
        owned: true,
    },
    notebooks: {
        objectType: 'notebook',
        prefix: '/notebooks/',
        levels: WORKSPACE_LEVELS,
        owned: false,
        workspaceType: 'NOTEBOOK',
    },
    directories: {
        objectType: 'directory',
        prefix: '/directories/',
        levels: WORKSPACE_LEVELS,
        owned: false,
        workspaceType: 'DIRECTORY',
    },
    files: {
        objectType: 'file',
        prefix: '/files/',
        levels: WORKSPACE_LEVELS,
        owned: false,
        workspaceType: 'FILE',
    },
    repos: {
        objectType: 'repo',
        prefix: '/repos/',
        levels: WORKSPACE_LEVELS,
        owned: false,
        workspaceType: 'REPO',
    },
    warehouses: {
        objectType: 'warehouses',
        prefix: '/sql/warehouses/',
        levels: ['CAN_USE', 'CAN_MONITOR', 'CAN_VIEW', 'CAN_MANAGE', 'IS_OWNER'],
        owned: true,
    },
};
const DESCRIPTIONS = {
    CAN_ATTACH_TO: 'Can attach to the object',
    CAN_RESTART: 'Can restart the object',
    CAN_MANAGE: 'Can manage the object',
    CAN_USE: 'Can use the object',
    CAN_VIEW: 'Can view the object',
    CAN_MANAGE_RUN: 'Can manage runs of the object',
    IS_OWNER: 'Is the owner of the object',
    CAN_RUN: 'Can run the object',
    CAN_READ: 'Can read the object',
    CAN_EDIT: 'Can edit the object',
    CAN_MONITOR: 'Can monitor the object',
};
const permissions_principalKey = (g) => `${g.field}:${g.field === 'user_name' ? g.name.toLowerCase() : g.name}`;
/** Direct grants by `<type>/<id>`; what an object has before anyone set permissions comes from its creator. */
class PermissionsStore {
    acls = new Map();
    /** The object's direct grants, created from its defaults on first use. */
    direct(type, id, defaults) {
        const key = `${type}/${id}`;
        let acl = this.acls.get(key);
        if (!acl) {
            acl = new Map(defaults().map((g) => [permissions_principalKey(g), g]));
            this.acls.set(key, acl);
        }
        return acl;
    }
}
function resolve(state, urlType, id) {
    syncCreators(state);
    const type = urlType === 'sql/warehouses' ? 'warehouses' : urlType;
    const spec = PERMISSION_TYPES[type];
    if (!spec)
        throw errors_ApiError.invalidParameter(`${urlType} is not a supported object type for permissions.`);
    const out = { spec, type, id, ancestors: [] };
    if (spec.workspaceType) {
        const object = /^\d+$/.test(id) ? state.workspace.getById(Number(id)) : undefined;
        if (!object || object.object_type !== spec.workspaceType)
            throw errors_ApiError.notFound(`${spec.objectType} ${id} does not exist.`);
        for (let p = object.path; p !== '/';) {
            p = p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/'));
            const parent = state.workspace.get(p);
            if (parent)
                out.ancestors.push(parent);
        }
        return out;
    }
    switch (type) {
        case 'clusters': {
            const c = state.compute.clusters.get(id);
            if (!c)
                throw errors_ApiError.notFound(`Cluster ${id} does not exist`);
            out.creator = c.creator_user_name;
            break;
        }
        case 'instance-pools':
            if (!state.compute.pools.has(id))
                throw errors_ApiError.notFound(`Instance pool ${id} does not exist.`);
            out.creator = EMULATOR_USER;
            break;
        case 'cluster-policies':
            // Message from databrickslabs/ucx#358; status UNVERIFIED (§1.4).
            if (!state.compute.policies.has(id))
                throw errors_ApiError.notFound(`Can't find a cluster policy with id: ${id}.`);
            break;
        case 'jobs': {
            // 400, not 404: what the Terraform permissions tests record for a missing job (§1.4).
            const job = /^\d+$/.test(id) ? state.jobs.get(Number(id)) : undefined;
            if (!job)
                throw errors_ApiError.invalidParameter(`Job ${id} does not exist.`);
            out.creator = job.creator_user_name;
            break;
        }
        case 'pipelines':
            out.creator = state.pipelines.require(id).creator_user_name;
            break;
        case 'warehouses':
            out.creator = state.warehouses.require(id).creator_name;
            break;
    }
    return out;
}
function defaults(r) {
    if (!r.creator)
        return [];
    if (r.spec.owned)
        return [{ field: 'user_name', name: r.creator, level: 'IS_OWNER' }];
    if (r.type === 'clusters' || r.type === 'instance-pools')
        return [{ field: 'user_name', name: r.creator, level: 'CAN_MANAGE' }];
    return [];
}
function objectPermissions(state, r) {
    const store = state.permissions;
    const entries = new Map();
    const add = (g, permission) => {
        const k = permissions_principalKey(g);
        let e = entries.get(k);
        if (!e)
            entries.set(k, (e = { principal: g, all: [] }));
        e.all.push(permission);
    };
    for (const g of store.direct(r.type, r.id, () => defaults(r)).values())
        add(g, { permission_level: g.level, inherited: false });
    // Folders pass their direct grants down (nearest folder first, as the UI lists them).
    for (const folder of r.ancestors) {
        const acl = store.acls.get(`directories/${folder.object_id}`);
        const from = folder.object_id === 0 ? '/directories/' : `/directories/${folder.object_id}`;
        for (const g of acl?.values() ?? [])
            add(g, { permission_level: g.level, inherited: true, inherited_from_object: [from] });
    }
    // Cluster policies list only their grants; every other type shows the admins group (§12).
    if (r.type !== 'cluster-policies') {
        const root = r.spec.workspaceType ? '/directories/' : r.spec.prefix;
        add({ field: 'group_name', name: 'admins', level: 'CAN_MANAGE' }, { permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: [root] });
    }
    const acl = [];
    for (const { principal, all } of [...entries.values()].sort((a, b) => permissions_principalKey(a.principal).localeCompare(permissions_principalKey(b.principal)))) {
        const entry = { [principal.field]: principal.name };
        const display = displayName(state, principal);
        if (display !== undefined)
            entry.display_name = display;
        entry.all_permissions = all;
        acl.push(entry);
    }
    const objectId = r.id === '0' && r.type === 'directories' ? '/directories/0' : `${r.spec.prefix}${r.id}`;
    return { object_id: objectId, object_type: r.spec.objectType, access_control_list: acl };
}
function displayName(state, g) {
    if (g.field === 'user_name')
        return state.scim.userByName(g.name)?.displayName;
    if (g.field === 'service_principal_name')
        return state.scim.spByApplicationId(g.name)?.displayName;
    return undefined;
}
/** Checks an `access_control_list` against the type's levels and the known principals. */
function parseRequest(state, r, request) {
    const body = request.body;
    if (!isJsonObject(body))
        throw errors_ApiError.invalidParameter('Request body must be a JSON object.');
    const list = body.access_control_list ?? [];
    if (!Array.isArray(list))
        throw errors_ApiError.invalidParameter('access_control_list must be an array.');
    const out = [];
    for (const item of list) {
        if (!isJsonObject(item))
            throw errors_ApiError.invalidParameter('Each access control entry must be an object.');
        const fields = permissions_PRINCIPAL_FIELDS.filter((f) => typeof item[f] === 'string' && item[f] !== '');
        if (fields.length !== 1)
            throw errors_ApiError.invalidParameter('Each access control entry needs exactly one of user_name, group_name and service_principal_name.');
        const field = fields[0];
        const name = String(item[field]);
        const level = item.permission_level;
        if (typeof level !== 'string' || !r.spec.levels.includes(level))
            throw errors_ApiError.invalidParameter(`Permission level ${String(level)} is not supported for ${r.spec.objectType}; allowed: ${r.spec.levels.join(', ')}.`);
        const known = field === 'user_name'
            ? state.scim.userByName(name)
            : field === 'group_name'
                ? state.scim.groupByName(name)
                : state.scim.spByApplicationId(name);
        if (!known) {
            const label = field === 'user_name' ? 'UserName' : field === 'group_name' ? 'GroupName' : 'ServicePrincipalName';
            throw errors_ApiError.invalidParameter(`Principal: ${label}(${name}) does not exist`);
        }
        if (level === 'IS_OWNER' && field === 'group_name')
            throw errors_ApiError.invalidParameter(`Group ${name} cannot be the owner of ${r.spec.objectType} ${r.id}.`);
        out.push({ field, name: field === 'user_name' ? known.userName : name, level });
    }
    if (out.filter((g) => g.level === 'IS_OWNER').length > 1)
        throw errors_ApiError.invalidParameter(`A ${r.spec.objectType} can have only one owner.`);
    return out;
}
function write(state, r, request, replace) {
    const grants = parseRequest(state, r, request);
    const acl = state.permissions.direct(r.type, r.id, () => defaults(r));
    const owner = [...acl.values()].find((g) => g.level === 'IS_OWNER');
    const newOwner = grants.find((g) => g.level === 'IS_OWNER');
    if (r.spec.owned && !newOwner && !owner)
        throw errors_ApiError.invalidParameter(`PUT requests for ${r.spec.objectType} ${r.id} with no existing owner must provide a new owner.`);
    const next = new Map(replace ? [] : acl);
    // Without a new owner the current one stays: the one-owner rule holds whatever the request says.
    if (owner && !newOwner)
        next.set(permissions_principalKey(owner), owner);
    if (newOwner && owner)
        next.delete(permissions_principalKey(owner));
    for (const g of grants) {
        if (owner && !newOwner && permissions_principalKey(g) === permissions_principalKey(owner))
            continue;
        next.set(permissions_principalKey(g), g);
    }
    acl.clear();
    for (const [k, g] of next)
        acl.set(k, g);
    return objectPermissions(state, r);
}
const permissionsApi = {
    name: 'permissions',
    register(router, state) {
        const base = '/api/2.0/permissions';
        const routes = [
            [`${base}/:type/:id`, (q) => ({ type: q.params.type, id: q.params.id })],
            [`${base}/sql/warehouses/:id`, (q) => ({ type: 'sql/warehouses', id: q.params.id })],
        ];
        for (const [pattern, target] of routes) {
            const resolved = (q) => {
                const t = target(q);
                return resolve(state, t.type, t.id);
            };
            router.get(pattern, (q) => objectPermissions(state, resolved(q)));
            router.put(pattern, (q) => write(state, resolved(q), q, true));
            router.patch(pattern, (q) => write(state, resolved(q), q, false));
            router.get(`${pattern}/permissionLevels`, (q) => ({
                permission_levels: resolved(q).spec.levels.map((level) => ({
                    permission_level: level,
                    description: DESCRIPTIONS[level] ?? level,
                })),
            }));
        }
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/oauth.ts


/**
 * The workspace's OAuth endpoints (reference §19.1): discovery at
 * `/oidc/.well-known/oauth-authorization-server` and `POST /oidc/v1/token` for machine-to-machine
 * (`client_credentials` with HTTP Basic client id and secret) and token exchange (`subject_token`, a
 * GitHub OIDC JWT, with `client_id` in the form). Tokens it issues are accepted as bearer tokens.
 */
class OAuthStore {
    context;
    /** Service principal OAuth secrets by client (application) id. */
    clients = new Map();
    /** Client ids with a federation policy: a token exchange for them is accepted (the JWT is not verified). */
    federated = new Set();
    issued = new Set();
    counter = 0;
    constructor(context) {
        this.context = context;
    }
    issue(clientId) {
        const token = `dose${(0,external_node_crypto_namespaceObject.createHash)('sha256').update(`${this.context.orgId}:${clientId}:${++this.counter}`).digest('hex').slice(0, 32)}`;
        this.issued.add(token);
        return token;
    }
}
function oauthError(status, error, description) {
    return Reply.json({ error, error_description: description }, status);
}
function oauth_form(request) {
    return new URLSearchParams(request.rawBody.toString('utf8'));
}
const oauthApi = {
    name: 'oauth',
    register(router, state) {
        const store = state.oauth;
        router.get('/oidc/.well-known/oauth-authorization-server', (request) => {
            const host = `http://${String(request.headers.host)}`;
            return {
                issuer: `${host}/oidc`,
                authorization_endpoint: `${host}/oidc/v1/authorize`,
                token_endpoint: `${host}/oidc/v1/token`,
                grant_types_supported: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
            };
        }, { public: true });
        router.post('/oidc/v1/token', (request) => {
            const params = oauth_form(request);
            const grant = params.get('grant_type');
            if (grant === 'client_credentials') {
                const basic = /^Basic (.+)$/.exec(String(request.headers.authorization ?? ''));
                const [id, secret] = basic
                    ? Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent)
                    : [params.get('client_id') ?? '', params.get('client_secret') ?? ''];
                if (!id || store.clients.get(id) !== secret)
                    return oauthError(401, 'invalid_client', 'Client authentication failed');
                return { access_token: store.issue(id), token_type: 'Bearer', expires_in: 3600, scope: 'all-apis' };
            }
            if (grant === 'urn:ietf:params:oauth:grant-type:token-exchange') {
                const id = params.get('client_id') ?? '';
                if (!params.get('subject_token'))
                    return oauthError(400, 'invalid_request', 'subject_token is required');
                if (!store.federated.has(id))
                    return oauthError(401, 'invalid_client', `No federation policy for client ${id || '(none)'}`);
                return { access_token: store.issue(id), token_type: 'Bearer', expires_in: 3600, scope: 'all-apis' };
            }
            return oauthError(400, 'unsupported_grant_type', `grant_type ${grant ?? '(none)'} is not supported`);
        }, { public: true, rawBody: true });
    },
};

;// CONCATENATED MODULE: ./src/emulator/apis/index.ts

















function createState(context) {
    return {
        context,
        workspace: new WorkspaceStore(context),
        compute: new ComputeStore(context),
        jobs: new JobsStore(context),
        repos: new ReposStore(context),
        pipelines: new PipelinesStore(context),
        warehouses: new WarehousesStore(context),
        secrets: new SecretsStore(context),
        globalInitScripts: new GlobalInitScriptsStore(context),
        dbfs: new DbfsStore(context),
        permissions: new PermissionsStore(),
        scim: new ScimStore(context),
        oauth: new OAuthStore(context),
    };
}
const API_MODULES = [
    workspaceApi,
    jobsApi,
    clustersApi,
    instancePoolsApi,
    clusterPoliciesApi,
    secretsApi,
    globalInitScriptsApi,
    dbfsApi,
    reposApi,
    pipelinesApi,
    sqlWarehousesApi,
    permissionsApi,
    scimApi,
    oauthApi,
];

;// CONCATENATED MODULE: ./src/emulator/faults.ts


/** Error codes for statuses, as the SDK fallback table names them (reference §1.4). */
const CODE_BY_STATUS = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'ABORTED',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL_ERROR',
    501: 'NOT_IMPLEMENTED',
    502: 'BAD_GATEWAY',
    503: 'TEMPORARILY_UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
};
/** Real messages where one is known (reference §1.4, §18.2). */
const MESSAGE_BY_STATUS = {
    429: 'Too many requests. Please wait a moment and try again. If the issue persists, consider adjusting your ' +
        'request frequency or reaching out to support for assistance.',
    500: 'Internal Server Error',
    503: 'No webapps are available to handle your request. Please try again later.',
    504: 'Timed out waiting for the request to complete.',
};
const THROTTLED_MESSAGE = MESSAGE_BY_STATUS[429];
/**
 * Decides, per request, whether to misbehave. Faults are evaluated after authentication (a bad token is
 * always a clean 401/403, whatever the faults) in this order: reset, hang, latency, rate limit, fail
 * paths, random errors. Random choices come from the seeded PRNG so a run can be replayed.
 */
class FaultInjector {
    prng;
    clock;
    current = {};
    failPaths = [];
    reset;
    hang;
    /** Token buckets by budget name ('' is the default budget). */
    buckets = new Map();
    constructor(prng, initial = {}, 
    /** Monotonic milliseconds; the rate limiter measures real time even when the emulator's clock is fake. */
    clock = () => performance.now()) {
        this.prng = prng;
        this.clock = clock;
        this.set(initial);
    }
    /** The faults in force. */
    get options() {
        return this.current;
    }
    /**
     * Changes some faults and keeps the others. A key given as undefined switches that fault off. Setting a
     * fault restarts its counters (`times`) and refills the rate-limit bucket.
     */
    set(partial) {
        const next = { ...this.current };
        for (const key of Object.keys(partial)) {
            if (partial[key] === undefined)
                delete next[key];
            else
                Object.assign(next, { [key]: partial[key] });
        }
        faults_validate(next);
        this.current = next;
        if ('failPaths' in partial)
            this.failPaths = (next.failPaths ?? []).map((rule) => counted(rule, rule.times));
        if ('resetConnection' in partial)
            this.reset = next.resetConnection && counted(next.resetConnection, next.resetConnection.times);
        if ('hang' in partial)
            this.hang = next.hang && counted(next.hang, next.hang.times);
        if ('rateLimit' in partial)
            this.buckets.clear();
    }
    /** Switches every fault off. */
    clear() {
        this.set({
            latencyMs: undefined,
            rateLimit: undefined,
            errorRate: undefined,
            failPaths: undefined,
            resetConnection: undefined,
            hang: undefined,
        });
    }
    /**
     * Applies the faults to one request: waits (with the server's cancellable sleep) for hang and latency,
     * then says whether to reset the connection, answer with an injected error, or go on normally.
     */
    async apply(target, sleep) {
        if (this.reset && fire(this.reset, target))
            return { kind: 'reset' };
        if (this.hang && fire(this.hang, target))
            await sleep(this.hang.rule.ms);
        if (this.current.latencyMs)
            await sleep(this.current.latencyMs);
        const throttled = this.current.rateLimit && this.throttle(this.current.rateLimit, target);
        if (throttled)
            return { kind: 'reply', reply: throttled };
        for (const entry of this.failPaths) {
            if (fire(entry, target))
                return { kind: 'reply', reply: failReply(entry.rule) };
        }
        const errorRate = this.current.errorRate;
        if (errorRate && (!errorRate.match || matches(errorRate.match, target))) {
            // Draw on every eligible request, so the sequence of decisions depends only on the seed.
            const roll = this.prng.next();
            if (roll < errorRate.rate) {
                const status = this.prng.pick(errorRate.statuses ?? [500, 503]);
                return { kind: 'reply', reply: errorReply(status) };
            }
        }
        return undefined;
    }
    throttle(limit, target) {
        const row = limit.endpoints && endpointLimit(target.method, target.path, limit.endpoints);
        const rps = row ? row.rps : limit.rps;
        const second = Math.max(1, Math.ceil(rps));
        const capacity = row ? Math.min(limit.burst ?? second, second) : (limit.burst ?? second);
        const now = this.clock();
        const name = row ? row.name : '';
        const bucket = this.buckets.get(name) ?? { tokens: capacity, at: now };
        bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * rps);
        bucket.at = now;
        this.buckets.set(name, bucket);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return undefined;
        }
        const headers = {};
        if (limit.retryAfterSeconds !== null) {
            const untilNextToken = rps > 0 ? Math.ceil((1 - bucket.tokens) / rps) : 1;
            headers['Retry-After'] = String(limit.retryAfterSeconds ?? Math.max(1, untilNextToken));
        }
        if (limit.emptyBody)
            return Reply.empty(429, headers);
        return Reply.json({ error_code: 'RESOURCE_EXHAUSTED', message: THROTTLED_MESSAGE }, 429, headers);
    }
}
function counted(rule, times) {
    return { rule, remaining: times ?? Infinity };
}
/** True when the rule applies to the request and still has uses left; uses one. */
function fire(entry, target) {
    if (entry.remaining <= 0)
        return false;
    const { rule } = entry;
    if (rule.methods && !rule.methods.some((m) => m.toUpperCase() === target.method))
        return false;
    if (!matches(rule.match, target))
        return false;
    entry.remaining--;
    return true;
}
function matches(match, target) {
    const candidates = [target.path];
    if (target.workspacePath !== undefined)
        candidates.push(target.workspacePath);
    return candidates.some((candidate) => {
        if (match instanceof RegExp) {
            match.lastIndex = 0;
            return match.test(candidate);
        }
        if (match.endsWith('*'))
            return candidate.startsWith(match.slice(0, -1));
        return candidate === match;
    });
}
function errorReply(status) {
    const headers = status === 429 ? { 'Retry-After': '1' } : {};
    return Reply.json({
        error_code: CODE_BY_STATUS[status] ?? `HTTP_${status}`,
        message: MESSAGE_BY_STATUS[status] ?? `Request failed with status ${status}.`,
    }, status, headers);
}
function failReply(rule) {
    const headers = {};
    const retryAfter = rule.retryAfterSeconds ?? (rule.status === 429 ? 1 : undefined);
    if (retryAfter !== undefined)
        headers['Retry-After'] = String(retryAfter);
    if (rule.body !== undefined) {
        const contentType = rule.body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : 'text/plain';
        return Reply.raw(Buffer.from(rule.body, 'utf8'), contentType, rule.status, headers);
    }
    return Reply.json({
        error_code: rule.errorCode ?? CODE_BY_STATUS[rule.status] ?? `HTTP_${rule.status}`,
        message: rule.message ?? MESSAGE_BY_STATUS[rule.status] ?? `Request failed with status ${rule.status}.`,
    }, rule.status, headers);
}
function faults_validate(options) {
    const { rateLimit, errorRate, latencyMs } = options;
    if (latencyMs !== undefined && !(latencyMs >= 0))
        throw new Error(`faults.latencyMs must be >= 0: ${latencyMs}`);
    if (rateLimit && !(rateLimit.rps >= 0))
        throw new Error(`faults.rateLimit.rps must be >= 0: ${rateLimit.rps}`);
    if (errorRate && !(errorRate.rate >= 0 && errorRate.rate <= 1))
        throw new Error(`faults.errorRate.rate must be in [0, 1]: ${errorRate.rate}`);
    if (errorRate?.statuses && errorRate.statuses.length === 0)
        throw new Error('faults.errorRate.statuses must not be empty');
}

;// CONCATENATED MODULE: ./src/emulator/multipart.ts
/** The boundary of a `multipart/form-data` content type, or undefined for any other content type. */
function multipartBoundary(contentType) {
    if (!contentType || !/^multipart\/form-data\b/i.test(contentType))
        return undefined;
    const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    return match ? (match[1] ?? match[2]) : undefined;
}
/**
 * Parses a `multipart/form-data` body (RFC 7578) into parts by field name; the SDK `upload()` mixins send
 * `workspace/import` this way. Part bodies are kept as bytes. Throws on a body that is not multipart.
 */
function parseMultipart(body, boundary) {
    const delimiter = Buffer.from(`--${boundary}`);
    const parts = {};
    let start = body.indexOf(delimiter);
    if (start < 0)
        throw new Error('multipart body has no boundary');
    for (;;) {
        start += delimiter.length;
        // "--" right after a delimiter closes the body.
        if (body[start] === 0x2d && body[start + 1] === 0x2d)
            break;
        if (body[start] === 0x0d && body[start + 1] === 0x0a)
            start += 2;
        const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
        if (next < 0)
            throw new Error('multipart body is not terminated');
        const part = body.subarray(start, next);
        const headerEnd = part.indexOf('\r\n\r\n');
        if (headerEnd < 0)
            throw new Error('multipart part has no header');
        const headers = parseHeaders(part.subarray(0, headerEnd).toString('utf8'));
        const disposition = headers['content-disposition'] ?? '';
        const name = dispositionParam(disposition, 'name');
        if (name !== undefined) {
            parts[name] = {
                data: Buffer.from(part.subarray(headerEnd + 4)),
                filename: dispositionParam(disposition, 'filename'),
                contentType: headers['content-type'],
            };
        }
        start = next + 2;
    }
    return parts;
}
function parseHeaders(text) {
    const headers = {};
    for (const line of text.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0)
            headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return headers;
}
function dispositionParam(disposition, key) {
    const match = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${key}=([^;\\s]+)`, 'i').exec(disposition);
    if (!match)
        return undefined;
    return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

;// CONCATENATED MODULE: ./src/emulator/random.ts
/**
 * Seeded randomness, so ids and random faults are the same on every run with the same seed. Each consumer
 * gets its own stream (ids, faults), so turning a fault on does not change the ids a test sees.
 */
class Prng {
    state;
    constructor(seed) {
        // Spread small seeds (0, 1, 2 …) over the 32-bit space so neighbouring seeds give unrelated streams.
        this.state = mix32((Math.floor(seed) ^ 0x9e3779b9) >>> 0);
    }
    /** mulberry32: small, fast and good enough for test data; not for anything secret. */
    nextUint32() {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (t ^ (t >>> 14)) >>> 0;
    }
    /** A number in [0, 1) with 53 random bits. */
    next() {
        const high = this.nextUint32() >>> 5; // 27 bits
        const low = this.nextUint32() >>> 6; // 26 bits
        return (high * 67108864 + low) / 9007199254740992;
    }
    /** An integer in [min, max), both safe integers. */
    int(min, max) {
        return min + Math.floor(this.next() * (max - min));
    }
    pick(items) {
        if (items.length === 0)
            throw new Error('Prng.pick: no items');
        return items[this.int(0, items.length)];
    }
}
function mix32(x) {
    let z = x >>> 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
}
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
/**
 * Ids in the formats the real services use (reference §20). Numeric ids are unique across the whole
 * emulator, whichever API asks, as they are in a workspace.
 */
class IdGenerator {
    prng;
    issued = new Set();
    constructor(prng) {
        this.prng = prng;
    }
    /**
     * A unique int64 in [min, max). Workspace object ids and job ids are ~1e15..4e15 in real workspaces:
     * int64 on the wire, yet below 2^53, so a JS number holds them exactly.
     */
    int64(min = 1_000_000_000_000_000, max = 4_000_000_000_000_000) {
        for (;;) {
            const id = this.prng.int(min, max);
            if (!this.issued.has(id)) {
                this.issued.add(id);
                return id;
            }
        }
    }
    /** Marks an id as taken (for objects seeded with an explicit id). */
    reserve(id) {
        this.issued.add(id);
    }
    hex(length, upper = false) {
        let out = '';
        for (let i = 0; i < length; i++)
            out += this.prng.int(0, 16).toString(16);
        return upper ? out.toUpperCase() : out;
    }
    alnum(length) {
        let out = '';
        for (let i = 0; i < length; i++)
            out += ALNUM[this.prng.int(0, ALNUM.length)];
        return out;
    }
    /** A version-4-shaped UUID (pipeline ids, request ids). */
    uuid() {
        const h = this.hex(32);
        const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    }
}

;// CONCATENATED MODULE: ./src/emulator/server.ts









const DEFAULT_EMULATOR_TOKEN = 'dapi-emulator-token';
/** Bodies beyond this are refused; a 10 MB import is ~14 MB of base64 JSON. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Starts the emulator on 127.0.0.1 (by default on a free port) with every API of API_MODULES mounted. */
async function startEmulator(options = {}) {
    const emulator = new EmulatorServer(options);
    await emulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    return emulator;
}
class EmulatorServer {
    faults;
    requests = [];
    state;
    router = new Router();
    orgId;
    tokens;
    server;
    sockets = new Set();
    timers = new Set();
    now;
    address;
    host = '127.0.0.1';
    constructor(options) {
        const seed = options.seed ?? 1;
        this.now = options.now ?? Date.now;
        const tokens = options.tokens ?? [DEFAULT_EMULATOR_TOKEN];
        if (tokens.length === 0)
            throw new Error('startEmulator: tokens must not be empty');
        this.tokens = new Set(tokens);
        // Separate streams, so enabling a random fault does not shift the ids a test sees.
        const idStream = new Prng(seed);
        this.orgId =
            options.orgId ?? String(new Prng(seed + 2).int(1_000_000_000_000_000, 9_000_000_000_000_000));
        const context = {
            now: this.now,
            ids: new IdGenerator(idStream),
            random: new Prng(seed + 3),
            orgId: this.orgId,
        };
        this.faults = new FaultInjector(new Prng(seed + 1), options.faults);
        this.state = createState(context);
        for (const api of API_MODULES)
            api.register(this.router, this.state);
        this.server = (0,external_node_http_namespaceObject.createServer)((req, res) => {
            this.handle(req, res).catch((error) => this.crash(res, error));
        });
        this.server.on('connection', (socket) => {
            this.sockets.add(socket);
            socket.on('close', () => this.sockets.delete(socket));
        });
    }
    get url() {
        const host = this.host.includes(':') ? `[${this.host}]` : this.host;
        return `http://${host}:${this.port}`;
    }
    get port() {
        if (!this.address)
            throw new Error('The emulator is not listening');
        return this.address.port;
    }
    get token() {
        return [...this.tokens][0];
    }
    listen(port, host) {
        this.host = host;
        return new Promise((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(port, host, () => {
                this.server.off('error', reject);
                this.address = this.server.address();
                resolve();
            });
        });
    }
    addToken(token) {
        this.tokens.add(token);
    }
    countRequests(filter = {}) {
        return this.requests.filter((r) => {
            if (filter.method && r.method !== filter.method.toUpperCase())
                return false;
            if (filter.path === undefined)
                return true;
            if (typeof filter.path === 'string')
                return r.path === filter.path;
            filter.path.lastIndex = 0;
            return filter.path.test(r.path);
        }).length;
    }
    clearRequests() {
        this.requests.length = 0;
    }
    async stop() {
        for (const timer of this.timers)
            clearTimeout(timer);
        this.timers.clear();
        const closed = new Promise((resolve) => this.server.close(() => resolve()));
        for (const socket of this.sockets)
            socket.destroy();
        this.server.closeAllConnections();
        await closed;
    }
    /** A sleep that stop() cancels, so a hanging request never keeps the process alive. */
    sleep = (ms) => new Promise((resolve) => {
        const timer = setTimeout(() => {
            this.timers.delete(timer);
            resolve();
        }, ms);
        this.timers.add(timer);
    });
    async handle(req, res) {
        const method = (req.method ?? 'GET').toUpperCase();
        const url = new URL(req.url ?? '/', 'http://emulator');
        const path = safeDecode(url.pathname);
        const query = queryRecord(url.searchParams);
        const rawBody = await readBody(req);
        const record = { method, path, query, status: 0, at: this.now() };
        this.requests.push(record);
        if (rawBody === undefined) {
            return this.send(res, record, server_errorReply(new errors_ApiError(413, 'BAD_REQUEST', 'The request body is too large.')));
        }
        const parsed = parseBody(req.headers['content-type'], rawBody);
        if (parsed.json !== undefined)
            record.body = parsed.json;
        else if (parsed.form)
            record.body = formFields(parsed.form);
        const match = this.router.match(method, path);
        if (!match?.route.options.public) {
            const denied = this.authenticate(req.headers.authorization);
            if (denied)
                return this.send(res, record, denied);
        }
        const outcome = await this.faults.apply({ method, path, workspacePath: workspacePathOf(query, parsed.json, parsed.form) }, this.sleep);
        if (outcome?.kind === 'reset') {
            // resetAndDestroy sends a TCP RST, as a dropped connection through a load balancer does.
            const socket = req.socket;
            if (socket.resetAndDestroy)
                socket.resetAndDestroy();
            else
                socket.destroy();
            return;
        }
        if (outcome?.kind === 'reply')
            return this.send(res, record, outcome.reply);
        if (!match) {
            return this.send(res, record, server_errorReply(new errors_ApiError(404, 'ENDPOINT_NOT_FOUND', `No API found for '${method} ${path}'`)));
        }
        if (parsed.malformed && !match.route.options.rawBody) {
            return this.send(res, record, server_errorReply(new errors_ApiError(400, 'MALFORMED_REQUEST', `Invalid JSON given in the body of the request`)));
        }
        const request = {
            method,
            path,
            params: match.params,
            query,
            body: parsed.json,
            rawBody,
            form: parsed.form,
            headers: req.headers,
            token: bearerToken(req.headers.authorization),
        };
        let result;
        try {
            result = await match.route.handler(request);
        }
        catch (error) {
            if (error instanceof errors_ApiError)
                return this.send(res, record, server_errorReply(error));
            // A bug in a handler: answer 500 saying what broke rather than leaving the client hanging.
            const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
            return this.send(res, record, server_errorReply(new errors_ApiError(500, 'INTERNAL_ERROR', `Emulator failure: ${message}`)));
        }
        this.send(res, record, result instanceof Reply ? result : Reply.json(result ?? {}));
    }
    /** 401 without credentials; 403 with the real service's numeric error_code quirk for an unknown token (§1.3). */
    authenticate(header) {
        const token = bearerToken(header);
        if (token === undefined) {
            return server_errorReply(new errors_ApiError(401, 'UNAUTHENTICATED', 'Credential was not sent or was of an unsupported type for this API.'));
        }
        if (!this.tokens.has(token) && !this.state.oauth.issued.has(token)) {
            return Reply.json({ error_code: 403, message: 'Invalid access token.' }, 403, {
                'X-Databricks-Reason-Phrase': 'Invalid access token.',
            });
        }
        return undefined;
    }
    send(res, record, reply) {
        record.status = reply.status;
        if (res.destroyed || res.writableEnded)
            return;
        const headers = { 'X-Databricks-Org-Id': this.orgId, ...reply.headers };
        let body;
        if (reply.bytes) {
            body = reply.bytes.data;
            if (reply.bytes.contentType)
                headers['Content-Type'] = reply.bytes.contentType;
        }
        else {
            body = Buffer.from(toJson(compact(reply.json)), 'utf8');
            headers['Content-Type'] = 'application/json';
        }
        headers['Content-Length'] = String(body.length);
        res.writeHead(reply.status, headers);
        res.end(body);
    }
    /** Anything that broke outside a handler (e.g. the client went away mid-body). */
    crash(res, error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        if (res.headersSent || res.destroyed) {
            res.destroy();
            return;
        }
        const body = toJson({ error_code: 'INTERNAL_ERROR', message: `Emulator failure: ${message}` });
        res.writeHead(500, { 'Content-Type': 'application/json', 'X-Databricks-Org-Id': this.orgId });
        res.end(body);
    }
}
function server_errorReply(error) {
    return Reply.json(error.body(), error.status, error.options.headers ?? {});
}
function bearerToken(header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return match ? match[1] : undefined;
}
function safeDecode(path) {
    try {
        return decodeURIComponent(path);
    }
    catch {
        return path;
    }
}
function queryRecord(params) {
    const query = {};
    for (const [key, value] of params) {
        const existing = query[key];
        if (existing === undefined)
            query[key] = value;
        else
            query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return query;
}
/** The whole body, or undefined when it exceeds MAX_BODY_BYTES (the rest is drained). */
async function readBody(req) {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of req) {
        const buffer = chunk;
        size += buffer.length;
        if (size > MAX_BODY_BYTES)
            tooLarge = true;
        else
            chunks.push(buffer);
    }
    return tooLarge ? undefined : Buffer.concat(chunks);
}
/** JSON whatever the content type (the legacy CLI sent text/json, §1.1), multipart, or neither. */
function parseBody(contentType, body) {
    const boundary = multipartBoundary(contentType);
    if (boundary) {
        try {
            return { form: parseMultipart(body, boundary), malformed: false };
        }
        catch {
            return { malformed: true };
        }
    }
    if (body.length === 0)
        return { malformed: false };
    if (contentType && /^application\/octet-stream\b/i.test(contentType))
        return { malformed: false };
    try {
        return { json: parseBodyJson(body.toString('utf8')), malformed: false };
    }
    catch {
        return { malformed: true };
    }
}
/**
 * Lossless parsing is slow on multi-megabyte imports (base64 content), and only matters when an integer
 * may exceed 2^53. Such an integer has at least 16 digits, so text without a run of 16 digits parses the
 * same with JSON.parse.
 */
function parseBodyJson(text) {
    return /\d{16}/.test(text) ? parseJson(text) : JSON.parse(text);
}
function formFields(form) {
    const fields = {};
    for (const [name, part] of Object.entries(form)) {
        if (part.filename === undefined)
            fields[name] = part.data.toString('utf8');
    }
    return fields;
}
/** The workspace `path` a request is about, for fault matching. */
function workspacePathOf(query, json, form) {
    let path = query.path;
    if (isJsonObject(json) && typeof json.path === 'string')
        path = json.path;
    else if (form?.path)
        path = form.path.data.toString('utf8');
    if (Array.isArray(path))
        path = path[0];
    if (typeof path !== 'string' || !path.startsWith('/'))
        return typeof path === 'string' ? path : undefined;
    try {
        return workspace_store_normalizeWorkspacePath(path);
    }
    catch {
        return path;
    }
}
/**
 * Proto3-style answers (§1.2): undefined fields and empty arrays are left out, at every level of plain
 * objects. Arrays keep their elements; nulls are kept as given.
 */
function compact(value) {
    if (Array.isArray(value))
        return value.map(compact);
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        const out = {};
        for (const [key, v] of Object.entries(value)) {
            if (v === undefined || (Array.isArray(v) && v.length === 0))
                continue;
            out[key] = compact(v);
        }
        return out;
    }
    return value;
}

;// CONCATENATED MODULE: ./src/emulator/sample-access.ts
/** A fixed application id, so the sample is the same on every run. */
const SAMPLE_SP_APPLICATION_ID = '7f3c2a1e-5b4d-4c6e-9a8f-0d1e2f3a4b5c';
/**
 * Access and the rest of the sample primary: a group with members, a service principal, a secret scope
 * with keys and an ACL, a global init script, a legacy DBFS init script, and direct grants on a folder and
 * a notebook. Runs after the workspace and compute seeds (it grants on their objects).
 */
function seedSampleAccess(target) {
    const { scim, secrets, globalInitScripts, dbfs, permissions, workspace } = target.state;
    const user = (userName) => scim.userByName(userName) ?? scim.createUser({ userName }, true);
    const alice = user('alice@contoso.com');
    const bob = user('bob@contoso.com');
    const chloe = user('chloé.martin@contoso.com');
    scim.createServicePrincipal({ applicationId: SAMPLE_SP_APPLICATION_ID, displayName: 'dr-automation' });
    scim.createGroup({
        displayName: 'data-engineers',
        members: [alice.id, bob.id],
        entitlements: ['allow-cluster-create'],
    });
    scim.createGroup({ displayName: 'analysts', members: [chloe.id], entitlements: ['databricks-sql-access'] });
    secrets.createScope('etl');
    secrets.put('etl', 'storage-account-key', 'sample-value-not-exported-1');
    secrets.put('etl', 'jdbc-password', 'sample-value-not-exported-2');
    secrets.setAcl('etl', 'data-engineers', 'READ');
    globalInitScripts.create({
        name: 'install-monitoring-agent',
        script: Buffer.from('#!/bin/bash\nset -euo pipefail\necho "installing the monitoring agent"\n'),
        enabled: true,
    });
    dbfs.write('/databricks/init/legacy-proxy.sh', Buffer.from('#!/bin/bash\nexport HTTPS_PROXY=http://proxy.contoso.internal:3128\n'));
    const grant = (type, objectId, field, name, level) => {
        if (objectId === undefined)
            return;
        const acl = permissions.direct(type, String(objectId), () => []);
        acl.set(`${field}:${field === 'user_name' ? name.toLowerCase() : name}`, { field, name, level });
    };
    grant('directories', workspace.get('/Shared/Onboarding')?.object_id, 'group_name', 'data-engineers', 'CAN_RUN');
    grant('directories', workspace.get('/Shared/Onboarding')?.object_id, 'group_name', 'analysts', 'CAN_READ');
    grant('notebooks', workspace.get('/Users/alice@contoso.com/ETL/01_ingest_orders')?.object_id, 'user_name', 'bob@contoso.com', 'CAN_EDIT');
}

;// CONCATENATED MODULE: ./src/emulator/sample-compute.ts
/**
 * Compute objects for the demo's primary workspace: a policy that pins clusters to a pool, the pool, a
 * cluster on the pool under the policy and a small single-node cluster, both with libraries, plus a job
 * cluster the exporter must skip. Built through the store, so ids come from the emulator's seeded stream.
 */

function seedSampleCompute(target) {
    const compute = target.state.compute;
    const pool = compute.createPool({
        instance_pool_name: 'Shared DS4 pool',
        node_type_id: 'Standard_DS4_v2',
        min_idle_instances: 1,
        max_capacity: 12,
        idle_instance_autotermination_minutes: 30,
        preloaded_spark_versions: ['15.4.x-scala2.12'],
        azure_attributes: { availability: 'ON_DEMAND_AZURE' },
        custom_tags: { cost_center: 'analytics' },
    });
    const policy = compute.createPolicy({
        name: 'ETL pool policy',
        description: 'ETL clusters run on the shared pool and stop after an hour idle.',
        definition: toJson({
            instance_pool_id: { type: 'fixed', value: pool.instance_pool_id, hidden: true },
            autotermination_minutes: { type: 'range', minValue: 10, maxValue: 120, defaultValue: 60 },
            'spark_conf.spark.databricks.io.cache.enabled': { type: 'fixed', value: 'true' },
            'custom_tags.team': { type: 'fixed', value: 'data-eng' },
        }),
        max_clusters_per_user: 3,
    });
    const etl = compute.createCluster({
        cluster_name: 'ETL shared',
        spark_version: '15.4.x-scala2.12',
        instance_pool_id: pool.instance_pool_id,
        policy_id: policy.policy_id,
        autoscale: { min_workers: 1, max_workers: 6 },
        autotermination_minutes: 60,
        data_security_mode: 'USER_ISOLATION',
        spark_conf: { 'spark.databricks.io.cache.enabled': 'true', 'spark.sql.shuffle.partitions': '64' },
        custom_tags: { team: 'data-eng' },
        init_scripts: [{ workspace: { destination: '/Shared/init/install-drivers.sh' } }],
    });
    compute.installLibraries(etl.cluster_id, [
        { pypi: { package: 'great-expectations==0.18.19' } },
        { maven: { coordinates: 'com.microsoft.azure:azure-eventhubs-spark_2.12:2.3.22' } },
    ]);
    const adhoc = compute.createCluster({
        cluster_name: "Alice's sandbox",
        spark_version: '15.4.x-cpu-ml-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 0,
        autotermination_minutes: 30,
        data_security_mode: 'SINGLE_USER',
        single_user_name: 'alice@contoso.com',
        spark_conf: { 'spark.databricks.cluster.profile': 'singleNode', 'spark.master': 'local[*]' },
        custom_tags: { ResourceClass: 'SingleNode' },
    });
    compute.installLibraries(adhoc.cluster_id, [
        { pypi: { package: 'plotly==5.24.1' } },
        { whl: '/Workspace/Shared/libs/helpers-0.3-py3-none-any.whl' },
    ]);
    compute.terminateCluster(adhoc.cluster_id);
    // Created by a job run: listed by the API, never exported.
    compute.seedCluster({
        cluster_name: 'job-1042-run-88',
        cluster_source: 'JOB',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 2,
        state: 'TERMINATED',
    });
}

;// CONCATENATED MODULE: ./src/emulator/sample-data-eng.ts
const alice = '/Users/alice@contoso.com';
function seedSampleDataEng(target) {
    const { pipelines, warehouses, repos, compute, jobs } = target.state;
    const pool = [...compute.pools.values()].find((p) => p.fields.instance_pool_name === 'Shared DS4 pool');
    const cluster = pool
        ? { label: 'default', instance_pool_id: pool.instance_pool_id, num_workers: 2 }
        : { label: 'default', node_type_id: 'Standard_DS3_v2', num_workers: 2 };
    const pipeline = pipelines.create({
        name: 'Orders DLT',
        catalog: 'main',
        target: 'orders',
        // Continuous on the primary: the export records it in pipelines/orders_dlt.schedule.json and a
        // restore leaves the secondary's copy triggered until cutover.
        continuous: true,
        development: false,
        photon: true,
        channel: 'CURRENT',
        edition: 'ADVANCED',
        libraries: [{ notebook: { path: `${alice}/ETL/02_clean_orders` } }],
        clusters: [cluster],
        configuration: { 'orders.source': '/mnt/landing/orders' },
        notifications: [{ email_recipients: ['alice@contoso.com'], alerts: ['on-update-failure'] }],
    });
    const warehouse = warehouses.create({
        name: 'Analytics warehouse',
        cluster_size: 'Small',
        min_num_clusters: 1,
        max_num_clusters: 3,
        auto_stop_mins: 20,
        enable_photon: true,
        warehouse_type: 'PRO',
        tags: { custom_tags: [{ key: 'team', value: 'analytics' }] },
    });
    // Idle, as a warehouse with auto-stop usually is.
    warehouses.setState(warehouse.id, 'STOPPED');
    const repo = repos.create({
        url: 'https://github.com/contoso/dbx-utils.git',
        provider: 'GitHub',
        path: '/Repos/alice@contoso.com/dbx-utils',
    });
    repos.update(repo.repo.id, { branch: 'develop' });
    jobs.create({
        name: 'Refresh orders',
        tasks: [
            { task_key: 'refresh_pipeline', pipeline_task: { pipeline_id: pipeline.pipeline_id } },
            {
                task_key: 'daily_report',
                depends_on: [{ task_key: 'refresh_pipeline' }],
                sql_task: {
                    warehouse_id: warehouse.id,
                    file: { path: `${alice}/ETL/reports/daily_orders.sql`, source: 'WORKSPACE' },
                },
            },
        ],
    }, { singleTaskAllowed: false });
}

;// CONCATENATED MODULE: ./src/emulator/sample-jobs.ts
/** Fixed creation times, so keys and files are the same on every run. */
const BASE_TIME = Date.UTC(2025, 2, 10, 9, 0, 0);
const sample_jobs_alice = '/Users/alice@contoso.com';
function seedSampleJobs(target) {
    const jobs = target.state.jobs;
    const etl = jobs.create({
        name: 'Orders ETL',
        description: 'Ingests the landed order files and builds the daily aggregates.',
        tags: { team: 'data-eng' },
        job_clusters: [
            {
                job_cluster_key: 'etl_cluster',
                new_cluster: { spark_version: '15.4.x-scala2.12', node_type_id: 'Standard_DS3_v2', num_workers: 2 },
            },
        ],
        tasks: [
            {
                task_key: 'ingest',
                job_cluster_key: 'etl_cluster',
                notebook_task: {
                    notebook_path: `${sample_jobs_alice}/ETL/01_ingest_orders`,
                    base_parameters: { landing_path: '/mnt/landing/orders' },
                },
            },
            {
                task_key: 'aggregate',
                depends_on: [{ task_key: 'ingest' }],
                job_cluster_key: 'etl_cluster',
                notebook_task: { notebook_path: `${sample_jobs_alice}/ETL/02_clean_orders` },
            },
        ],
        email_notifications: { on_failure: ['alice@contoso.com'] },
        schedule: {
            quartz_cron_expression: '0 30 2 * * ?',
            timezone_id: 'Europe/Paris',
            pause_status: 'UNPAUSED',
        },
        max_concurrent_runs: 1,
    }, { singleTaskAllowed: false, creator: 'alice@contoso.com', createdTime: BASE_TIME });
    jobs.create({
        name: 'Orders orchestrator',
        tasks: [
            { task_key: 'run_etl', run_job_task: { job_id: etl.job_id } },
            {
                task_key: 'notify',
                depends_on: [{ task_key: 'run_etl' }],
                run_if: 'ALL_DONE',
                notebook_task: { notebook_path: `${sample_jobs_alice}/ETL/01_ingest_orders` },
                environment_key: 'default',
            },
        ],
        environments: [{ environment_key: 'default', spec: { environment_version: '2' } }],
        trigger: { pause_status: 'UNPAUSED', periodic: { interval: 6, unit: 'HOURS' } },
    }, { singleTaskAllowed: false, creator: 'alice@contoso.com', createdTime: BASE_TIME + 60_000 });
    // A job created through /api/2.0 long ago: top-level task fields, format SINGLE_TASK.
    jobs.create({
        name: 'Legacy weekly report',
        new_cluster: { spark_version: '7.3.x-scala2.12', node_type_id: 'Standard_DS3_v2', num_workers: 1 },
        notebook_task: { notebook_path: '/Users/bob@contoso.com/Weekly KPIs' },
        libraries: [{ pypi: { package: 'openpyxl' } }],
        max_retries: 1,
        schedule: { quartz_cron_expression: '0 0 6 ? * MON', timezone_id: 'UTC', pause_status: 'PAUSED' },
    }, { singleTaskAllowed: true, creator: 'bob@contoso.com', createdTime: BASE_TIME - 400 * 24 * 3600_000 });
}

;// CONCATENATED MODULE: ./src/emulator/sample.ts

const SAMPLE_USERS = (/* unused pure expression or super */ null && (['alice@contoso.com', 'bob@contoso.com', 'chloé.martin@contoso.com']));
/** Fixed timestamps, so the sample is the same on every run. */
const sample_BASE_TIME = Date.UTC(2025, 2, 3, 9, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
/** A SOURCE notebook from its cells, laid out byte for byte as the product exports it (§3). */
function notebook(language, cells) {
    const c = commentPrefix(language);
    return `${headerLine(language)}\n${cells.join(`\n\n${c} COMMAND ----------\n\n`)}`;
}
/** A MAGIC cell (markdown or another language): every line prefixed, empty lines as a bare `# MAGIC`. */
function magic(language, text) {
    const c = commentPrefix(language);
    return text
        .split('\n')
        .map((line) => (line === '' ? `${c} MAGIC` : `${c} MAGIC ${line}`))
        .join('\n');
}
function titled(language, title, body) {
    return `${commentPrefix(language)} DBTITLE 1,${title}\n${body}`;
}
function seedSampleWorkspace(target) {
    const ws = target.state.workspace;
    let day = 0;
    const at = () => {
        const t = sample_BASE_TIME + day++ * DAY;
        return { createdAt: t, modifiedAt: t + 3 * 60 * 60 * 1000 };
    };
    const alice = '/Users/alice@contoso.com';
    const bob = '/Users/bob@contoso.com';
    const chloe = '/Users/chloé.martin@contoso.com';
    // ----- alice: a small ETL project -------------------------------------------------------------------
    ws.putNotebook(`${alice}/ETL/01_ingest_orders`, 'PYTHON', notebook('PYTHON', [
        magic('PYTHON', '%md\n# Ingest orders\n\nLoads the raw order files landed by the shop into `bronze.orders`.'),
        titled('PYTHON', 'Parameters', 'dbutils.widgets.text("landing_path", "/mnt/landing/orders")\nlanding_path = dbutils.widgets.get("landing_path")'),
        'from pyspark.sql import functions as F\n\nraw = (\n    spark.read.format("json")\n    .load(landing_path)\n    .withColumn("_ingested_at", F.current_timestamp())\n)\nraw.write.mode("append").saveAsTable("bronze.orders")',
        magic('PYTHON', '%sql\nSELECT count(*) AS orders FROM bronze.orders'),
    ]), at());
    ws.putNotebook(`${alice}/ETL/02_clean_orders`, 'PYTHON', notebook('PYTHON', [
        magic('PYTHON', '%run ./utils/setup'),
        'from utils.helpers import normalize_currency\n\norders = spark.table("bronze.orders")\nclean = normalize_currency(orders.dropDuplicates(["order_id"]))',
        titled('PYTHON', 'Write silver', 'clean.write.mode("overwrite").saveAsTable("silver.orders")'),
    ]), at());
    ws.putNotebook(`${alice}/ETL/utils/setup`, 'PYTHON', notebook('PYTHON', ['spark.conf.set("spark.sql.shuffle.partitions", "64")']), at());
    ws.putFile(`${alice}/ETL/utils/helpers.py`, [
        '"""Helpers shared by the ETL notebooks (a workspace file, imported as a module)."""',
        'from pyspark.sql import DataFrame, functions as F',
        '',
        'RATES = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}',
        '',
        '',
        'def normalize_currency(df: DataFrame) -> DataFrame:',
        '    rate = F.create_map(*[F.lit(x) for kv in RATES.items() for x in kv])',
        '    return df.withColumn("amount_eur", F.col("amount") * rate[F.col("currency")])',
        '',
    ].join('\n'), at());
    ws.putFile(`${alice}/ETL/utils/__init__.py`, '', at());
    ws.putFile(`${alice}/ETL/requirements.txt`, 'great-expectations==0.18.12\npyyaml>=6.0\n', at());
    ws.putFile(`${alice}/ETL/config/pipeline.yaml`, '# Orders pipeline settings\nsource:\n  landing_path: /mnt/landing/orders\n  format: json\ntarget:\n  bronze: bronze.orders\n  silver: silver.orders\nschedule: "0 0 2 * * ?"\n', at());
    ws.putNotebook(`${alice}/ETL/orders_quality`, 'SQL', notebook('SQL', [
        magic('SQL', '%md\n## Quality checks\nEvery check must return zero rows.'),
        titled('SQL', 'Negative amounts', 'SELECT order_id, amount\nFROM silver.orders\nWHERE amount < 0;'),
        'SELECT order_id, count(*) AS n\nFROM silver.orders\nGROUP BY order_id\nHAVING count(*) > 1;',
        magic('SQL', '%python\ndbutils.notebook.exit("checks done")'),
    ]), at());
    ws.putNotebook(`${alice}/Exploration/sales_by_region`, 'SCALA', notebook('SCALA', [
        magic('SCALA', '%md\n### Sales by region\nA quick look before the dashboard is built.'),
        'val orders = spark.table("silver.orders")\nval byRegion = orders.groupBy("region").sum("amount_eur")',
        'display(byRegion.orderBy($"sum(amount_eur)".desc))',
    ]), at());
    ws.putObject(`${alice}/Exploration/churn-model`, 'MLFLOW_EXPERIMENT', at());
    ws.mkdirs(`${alice}/Scratch`, at());
    // ----- bob: forecasting in R, KPIs in SQL ------------------------------------------------------------
    ws.putNotebook(`${bob}/Forecasting/weekly_forecast`, 'R', notebook('R', [
        magic('R', '%md\n# Weekly forecast\nUses `forecast::auto.arima` on the weekly revenue series.'),
        'library(SparkR)\nlibrary(forecast)\n\nweekly <- collect(sql("SELECT week, revenue FROM gold.weekly_revenue ORDER BY week"))',
        titled('R', 'Fit', 'fit <- auto.arima(ts(weekly$revenue, frequency = 52))\nplot(forecast(fit, h = 8))'),
    ]), at());
    ws.putNotebook(`${bob}/Weekly KPIs`, 'SQL', notebook('SQL', [
        'SELECT week, sum(amount_eur) AS revenue, count(DISTINCT customer_id) AS customers\nFROM silver.orders\nGROUP BY week\nORDER BY week DESC\nLIMIT 12;',
        magic('SQL', '%md\nRevenue is in EUR; see `helpers.py` for the rates.'),
    ]), at());
    ws.putFile(`${bob}/data/regions.csv`, 'region_id,name,country\n1,Île-de-France,FR\n2,Bayern,DE\n3,Kantō (関東),JP\n4,São Paulo,BR\n', at());
    // ----- chloé: non-ASCII everywhere ----------------------------------------------------------------------
    ws.putNotebook(`${chloe}/Analyse des ventes`, 'PYTHON', notebook('PYTHON', [
        magic('PYTHON', '%md\n# Analyse des ventes 📈\n\nÉtude préliminaire : chiffre d’affaires par catégorie, été 2024.'),
        titled('PYTHON', 'Données', 'ventes = spark.table("silver.orders").where("saison = \'été\'")\nprint(f"{ventes.count()} commandes — première étape ✅")'),
        magic('PYTHON', '%sql\nSELECT catégorie, sum(amount_eur) AS total FROM silver.orders GROUP BY catégorie'),
    ]), at());
    ws.putNotebook(`${chloe}/レポート/月次売上`, 'SQL', notebook('SQL', [
        magic('SQL', '%md\n## 月次売上レポート\n毎月の売上を地域別に集計します。'),
        "SELECT date_trunc('month', order_date) AS 月, region AS 地域, sum(amount_eur) AS 売上\nFROM silver.orders\nGROUP BY 1, 2\nORDER BY 1 DESC;",
    ]), at());
    ws.putFile(`${chloe}/notes.md`, '# Notes\n\n- Vérifier les taux de change 💶\n- Demander à Bob les prévisions\n', at());
    // ----- /Shared --------------------------------------------------------------------------------------------
    ws.putNotebook('/Shared/Onboarding/Welcome', 'PYTHON', notebook('PYTHON', [
        magic('PYTHON', '%md-sandbox\n<div style="padding: 8px; background: #f0f6ff">\n  <b>Welcome to the Contoso data platform!</b>\n</div>'),
        magic('PYTHON', '%md\n## Where things are\n- `/Shared/Onboarding`: start here\n- `/Shared/jobs`: notebooks run by jobs'),
        magic('PYTHON', '%sh\nls /dbfs/databricks-datasets | head'),
        'display(dbutils.fs.ls("/databricks-datasets"))',
    ]), at());
    ws.putNotebook('/Shared/Onboarding/Getting started with Scala', 'SCALA', notebook('SCALA', [
        '// Scala cells run on the driver JVM\nval numbers = spark.range(1, 1000)\nnumbers.selectExpr("sum(id)").show()',
        magic('SCALA', '%python\nprint("Python works here too")'),
    ]), at());
    ws.putNotebook('/Shared/jobs/nightly_refresh', 'PYTHON', notebook('PYTHON', [
        titled('PYTHON', 'Refresh gold tables', 'for table in ["gold.weekly_revenue", "gold.customers"]:\n    spark.sql(f"REFRESH TABLE {table}")'),
    ]), at());
    ws.putFile('/Shared/data/lookup/countries.csv', 'code,name\nBR,Brasil\nDE,Deutschland\nFR,France\nJP,日本\n', at());
    ws.putFile('/Shared/config/environments.yaml', 'environments:\n  dev:\n    catalog: dev\n  prod:\n    catalog: main\n', at());
    ws.putObject('/Shared/Libraries/spark-xml_2.12-0.17.0', 'LIBRARY', at());
}

;// CONCATENATED MODULE: ./src/emulator/sample-all.ts





/**
 * The whole sample primary workspace of the demo and of `databricks-dr emulator --sample`: the workspace
 * tree, then compute, then jobs, then pipelines, warehouses and repos (and the job that runs them): each
 * names objects seeded before it.
 */
function seedSample(target) {
    seedSampleWorkspace(target);
    seedSampleCompute(target);
    seedSampleJobs(target);
    seedSampleDataEng(target);
    seedSampleAccess(target);
}

;// CONCATENATED MODULE: ./src/emulator/serve.ts



/**
 * Runs the emulator for a person rather than a test: seeds it, then prints where it listens and how to
 * point the real `databricks` CLI (or any SDK) at it. Stop it with `emulator.stop()` (the CLI wires Ctrl-C).
 */
async function serveEmulator(options, print) {
    const { seedDir, sample, ...emulatorOptions } = options;
    if (seedDir !== undefined && !isDirectory(seedDir)) {
        throw new Error(`--seed ${seedDir}: not a folder. Give a local folder to copy into the emulated workspace.`);
    }
    const emulator = await startEmulator(emulatorOptions);
    try {
        if (sample)
            seedSample(emulator);
        const seeded = seedDir === undefined ? 0 : emulator.state.workspace.seedFromDir(seedDir, '/');
        print(`Databricks emulator listening on ${emulator.url}`);
        print(`  token:     ${emulator.token}`);
        if (sample)
            print('  seeded:    the sample workspace (/Users/alice@contoso.com, /Shared, …)');
        if (seedDir !== undefined)
            print(`  seeded:    ${seeded} objects from ${seedDir}`);
        print(`  objects:   ${emulator.state.workspace.size} in the workspace`);
        print('');
        print('Point the Databricks CLI (or an SDK) at it:');
        print(`  DATABRICKS_HOST=${emulator.url} DATABRICKS_TOKEN=${emulator.token} databricks workspace list /`);
        print('');
        print('Press Ctrl-C to stop.');
        return emulator;
    }
    catch (error) {
        await emulator.stop();
        throw error;
    }
}
function isDirectory(path) {
    try {
        return (0,external_node_fs_namespaceObject.statSync)(path).isDirectory();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/emulator/index.ts
/** The Databricks REST API emulator: public API. */














;// CONCATENATED MODULE: ./src/demo/demo.ts















/** Makes a git repository with a bare remote, as a GitHub checkout would be. */
async function makeRepoWithRemote(base) {
    const remote = external_node_path_namespaceObject.join(base, 'remote.git');
    const repo = external_node_path_namespaceObject.join(base, 'dr-repo');
    await external_node_fs_namespaceObject.promises.mkdir(repo, { recursive: true });
    await simpleGit().raw(['init', '--quiet', '--bare', '-b', 'main', remote]);
    const git = simpleGit(repo);
    await git.raw(['init', '--quiet', '-b', 'main']);
    await git.addConfig('user.name', 'databricks-dr demo');
    await git.addConfig('user.email', 'demo@example.invalid');
    await external_node_fs_namespaceObject.promises.writeFile(external_node_path_namespaceObject.join(repo, 'README.md'), '# Databricks DR record\n');
    await git.add('README.md');
    await git.commit('initial commit');
    await git.addRemote('origin', remote);
    await git.raw(['push', '--quiet', '-u', 'origin', 'main']);
    return { repo, remote };
}
function clientFor(emulator, log) {
    return new DatabricksClient({
        host: emulator.url,
        credentials: { headers: async () => ({ Authorization: `Bearer ${emulator.token}` }) },
        concurrency: 8,
        log,
    });
}
/** Every file of a snapshot folder, for the parity check; the export bookkeeping is not content. */
async function snapshotFiles(dir) {
    const source = await SnapshotSource.fromDirectory(dir);
    const out = new Map();
    for (const file of source.files)
        if (file !== EXPORT_STATE_FILE)
            out.set(file, await source.read(file));
    return out;
}
function differences(a, b, ignore) {
    const out = [];
    for (const [file, bytes] of a) {
        if (ignore.has(file))
            continue;
        const other = b.get(file);
        if (!other)
            out.push(`missing in the secondary: ${file}`);
        else if (!other.equals(bytes))
            out.push(`differs: ${file}`);
    }
    for (const file of b.keys())
        if (!a.has(file) && !ignore.has(file))
            out.push(`only in the secondary: ${file}`);
    return out;
}
/**
 * The README's first command: a full DR drill on the emulator. An emulated primary is seeded with a
 * realistic workspace and exported into a git repository that pushes to a bare remote; the snapshot is
 * applied to an empty emulated secondary; the secondary is exported again and compared file by file with
 * the snapshot (parity); a second apply must change nothing (idempotence).
 */
async function runDemo(options) {
    const { print, log } = options;
    const base = options.dir
        ? external_node_path_namespaceObject.resolve(options.dir)
        : await external_node_fs_namespaceObject.promises.mkdtemp(external_node_path_namespaceObject.join(external_node_os_namespaceObject.tmpdir(), 'databricks-dr-demo-'));
    await external_node_fs_namespaceObject.promises.mkdir(base, { recursive: true });
    const primary = await startEmulator();
    const secondary = await startEmulator({ seed: 2 });
    try {
        seedSample(primary);
        print(`1. Emulated primary workspace:   ${primary.url}`);
        print(`   Emulated secondary workspace: ${secondary.url} (empty)`);
        const { repo, remote } = await makeRepoWithRemote(base);
        print(`2. Export the primary into ${repo} (pushes to ${remote})`);
        const settings = parseSettings((name) => ({ mode: 'export', push: 'true' })[name], repo);
        const exported = await runExport(settings, { client: clientFor(primary, log), log });
        for (const line of exportSummaryText(exported).split('\n'))
            print(`   ${line}`);
        print(`3. Apply the snapshot at ${exported.commitSha?.slice(0, 12)} to the secondary`);
        const snapshot = await SnapshotSource.fromRevision(repo, exported.commitSha ?? 'HEAD', settings.snapshotPath);
        const report = new RunReport();
        const deps = { client: clientFor(secondary, log), log, report };
        // Secret values cannot be exported: in a real restore they come from the `secrets` input (a GitHub
        // secret). Leave one out and it is listed on the manual checklist instead.
        const applyOptions = {
            prune: false,
            allowReplace: false,
            dryRun: false,
            startClusters: false,
            secretValues: {
                'etl/storage-account-key': 'demo-value-from-a-github-secret',
                'etl/jdbc-password': 'another-demo-value',
            },
        };
        let failures;
        try {
            const applied = await runApply(snapshot, deps, applyOptions);
            print(`   ${applied.plan.line}`);
            for (const line of applySummaryText(report).split('\n'))
                print(`   ${line}`);
            failures = applied.failed;
            // Idempotent means more than an empty plan: the secondary must see no write at all, only reads.
            secondary.clearRequests();
            const again = await runApply(snapshot, { ...deps, report: new RunReport() }, applyOptions);
            const writes = secondary.requests.filter((r) => r.method !== 'GET');
            print(`4. Apply again (idempotence): ${planText(again.plan).split('\n')[0]}; the secondary recorded ${writes.length} write request(s), ${secondary.requests.length - writes.length} read(s)`);
            for (const w of writes.slice(0, 10))
                print(`   unexpected write: ${w.method} ${w.path}`);
            if (again.plan.hasChanges || writes.length > 0)
                failures++;
        }
        finally {
            await snapshot.close();
        }
        const snapshotFilesOfPrimary = await snapshotFiles(exported.snapshotDir);
        const parity = async (label, ignoreSchedules) => {
            const copyDir = external_node_path_namespaceObject.join(base, `secondary-export-${label}`);
            const copySettings = parseSettings((name) => ({ mode: 'export', commit: 'false' })[name], copyDir);
            await runExport(copySettings, { client: clientFor(secondary, log), log });
            const copy = await snapshotFiles(external_node_path_namespaceObject.join(copyDir, copySettings.snapshotPath));
            const ignore = new Set(['snapshot.json']);
            // Before cutover the secondary runs nothing on its own: the recorded schedules are not on its jobs.
            if (ignoreSchedules)
                for (const f of snapshotFilesOfPrimary.keys())
                    if (f.endsWith('.schedule.json'))
                        ignore.add(f);
            return differences(snapshotFilesOfPrimary, copy, ignore);
        };
        const report5 = await parity('before-cutover', true);
        print(`5. Parity: export of the secondary vs the snapshot (schedules still off): ${report5.length === 0 ? 'identical' : `${report5.length} difference(s)`}`);
        for (const d of report5.slice(0, 20))
            print(`   ${d}`);
        print('6. Cutover: apply with activate-schedules');
        const cutover = await SnapshotSource.fromRevision(repo, exported.commitSha ?? 'HEAD', settings.snapshotPath);
        try {
            const activated = await runApply(cutover, { ...deps, report: new RunReport() }, { ...applyOptions, activateSchedules: true });
            print(`   ${activated.plan.line}`);
            failures += activated.failed;
        }
        finally {
            await cutover.close();
        }
        const report6 = await parity('after-cutover', false);
        print(`7. Parity after cutover: ${report6.length === 0 ? 'identical, schedules included' : `${report6.length} difference(s)`}`);
        for (const d of report6.slice(0, 20))
            print(`   ${d}`);
        const ok = failures === 0 && report5.length === 0 && report6.length === 0;
        print(ok ? 'DR drill passed: the secondary is a faithful copy of the primary.' : 'DR drill FAILED.');
        print(`Everything is in ${base}`);
        return ok ? 0 : 1;
    }
    finally {
        await primary.stop();
        await secondary.stop();
    }
}

;// CONCATENATED MODULE: ./src/bench/seed.ts

const CELLS = [
    'df = spark.read.format("delta").load("/mnt/lake/{t}")\ndf = df.filter(df.amount > {n}).dropDuplicates(["id"])\n',
    'from pyspark.sql import functions as F\n\nagg = (df.groupBy("customer_id", "day")\n  .agg(F.sum("amount").alias("total"), F.count("*").alias("n")))\n',
    '# MAGIC %md\n# MAGIC ## Step {n}: {t}\n# MAGIC Cleans the landed records and writes the curated table.\n',
    'def normalize_{t}(row):\n    value = (row.get("value") or "").strip().lower()\n    return {{"id": row["id"], "value": value, "n": {n}}}\n',
    'spark.sql("""\n  MERGE INTO curated.{t} AS t USING staged AS s ON t.id = s.id\n  WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *\n""")\n',
    'display(spark.table("curated.{t}").where("day >= current_date() - {n}").limit(1000))\n',
    'for i in range({n}):\n    batch = source.read_batch(i)\n    writer.append(batch.transform(normalize))\n',
];
const TABLES = ['orders', 'customers', 'payments', 'events', 'sessions', 'inventory', 'shipments', 'returns'];
/** SOURCE text of about `bytes` bytes (before the header). */
function notebookSource(prng, bytes, id) {
    const parts = [`# notebook ${id}\n`];
    let size = parts[0].length;
    while (size < bytes) {
        const cell = prng
            .pick(CELLS)
            .replace(/\{t\}/g, prng.pick(TABLES))
            .replace(/\{n\}/g, String(prng.int(1, 10_000)));
        const text = `${cell}\n# COMMAND ----------\n\n`;
        parts.push(text);
        size += text.length;
    }
    return parts.join('');
}
/** Sizes: 95% between 0.4x and 1.4x the mean, 5% between 2x and 4x (the big ones): mean about `mean`. */
function sizeOf(prng, mean) {
    return prng.next() < 0.95
        ? prng.int(Math.round(mean * 0.4), Math.round(mean * 1.4))
        : prng.int(mean * 2, mean * 4);
}
function seedBenchWorkspace(emulator, options) {
    const prng = new Prng(options.seed ?? 7);
    const mean = options.meanBytes ?? 50 * 1024;
    const perFolder = options.perFolder ?? 40;
    const ws = emulator.state.workspace;
    const notebooks = [];
    const files = [];
    let contentBytes = 0;
    const users = Math.max(1, Math.ceil(options.notebooks / (perFolder * 5)));
    for (let i = 0; i < options.notebooks; i++) {
        const folder = Math.floor(i / perFolder);
        const user = folder % users;
        const base = folder % 7 === 0
            ? `/Shared/team-${folder % 13}/pipeline-${folder}`
            : `/Users/user${user}@corp.example/project-${folder % 5}/area-${folder}`;
        const path = `${base}/nb_${String(i).padStart(5, '0')}`;
        const source = notebookSource(prng, sizeOf(prng, mean), i);
        ws.putNotebook(path, 'PYTHON', source);
        contentBytes += source.length;
        notebooks.push(path);
        // One workspace file per 50 notebooks (helpers, small data).
        if (i % 50 === 49) {
            const file = `${base}/helpers_${i}.py`;
            const text = `def helper_${i}(x):\n    return x * ${i}\n`;
            ws.putFile(file, text);
            files.push(file);
            contentBytes += text.length;
        }
    }
    const state = emulator.state;
    let jobs = 0;
    let clusters = 0;
    if (state.compute) {
        for (let i = 0; i < options.clusters; i++) {
            state.compute.createCluster({
                cluster_name: `bench-cluster-${String(i).padStart(3, '0')}`,
                spark_version: '15.4.x-scala2.12',
                node_type_id: 'Standard_DS3_v2',
                num_workers: 1 + (i % 8),
                autotermination_minutes: 30 + (i % 4) * 15,
                spark_conf: { 'spark.sql.shuffle.partitions': String(8 * (1 + (i % 16))) },
                custom_tags: { team: `team-${i % 10}` },
            });
            clusters++;
        }
    }
    if (state.jobs && notebooks.length) {
        for (let i = 0; i < options.jobs; i++) {
            const nb = notebooks[(i * 7919) % notebooks.length];
            const second = notebooks[(i * 104_729 + 1) % notebooks.length];
            state.jobs.create({
                name: `bench-job-${String(i).padStart(4, '0')}`,
                job_clusters: [
                    {
                        job_cluster_key: 'main',
                        new_cluster: {
                            spark_version: '15.4.x-scala2.12',
                            node_type_id: 'Standard_DS3_v2',
                            num_workers: 2,
                        },
                    },
                ],
                tasks: [
                    { task_key: 'ingest', job_cluster_key: 'main', notebook_task: { notebook_path: nb } },
                    {
                        task_key: 'transform',
                        depends_on: [{ task_key: 'ingest' }],
                        job_cluster_key: 'main',
                        notebook_task: { notebook_path: second, base_parameters: { run: String(i) } },
                    },
                ],
                max_concurrent_runs: 1,
                tags: { bench: 'true' },
            }, { singleTaskAllowed: false });
            jobs++;
        }
    }
    return {
        notebooks,
        files,
        jobs,
        clusters,
        contentBytes,
        objects: notebooks.length + files.length + jobs + clusters,
    };
}
/** Changes `fraction` of the notebooks (a new cell appended): the "1% changed" scenario. */
function touchNotebooks(emulator, notebooks, fraction, seed = 11) {
    const prng = new Prng(seed);
    const n = Math.max(1, Math.round(notebooks.length * fraction));
    const step = Math.max(1, Math.floor(notebooks.length / n));
    let changed = 0;
    for (let i = 0; i < notebooks.length && changed < n; i += step) {
        const path = notebooks[i];
        const current = emulator.state.workspace.get(path);
        const body = current?.content ? current.content.toString('utf8') : '';
        emulator.state.workspace.putNotebook(path, 'PYTHON', `${body}\n# COMMAND ----------\n\nprint(${prng.int(0, 1e9)})\n`);
        changed++;
    }
    return changed;
}

;// CONCATENATED MODULE: ./src/bench/worker.ts
/**
 * One benchmark scenario (an export or an apply) run in its own process, so that its peak memory is the
 * tool's alone and not the emulators' (they hold the whole workspace in the parent).
 */







/** Runs one job in this process, sampling memory every 20 ms. */
async function runBenchJob(job) {
    const client = new DatabricksClient({
        host: job.host,
        credentials: { headers: async () => ({ Authorization: `Bearer ${job.token}` }) },
        concurrency: job.concurrency,
        rateLimit: job.rateLimit,
        paceEndpoints: job.paceEndpoints,
        rateBurst: job.rateBurst,
        log: silentLog,
    });
    let peakRss = process.memoryUsage.rss();
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 20);
    const started = performance.now();
    const result = {
        ok: true,
        wallMs: 0,
        stats: client.stats,
        peakRssBytes: 0,
        peakHeapBytes: 0,
        counts: {},
    };
    try {
        if (job.op === 'export') {
            const settings = parseSettings((name) => ({ mode: 'export', commit: 'true', push: 'false', ...job.inputs })[name], job.repoDir);
            const exported = await runExport(settings, { client, log: silentLog });
            result.counts = {
                exported: exported.report.total('exported'),
                unchanged: exported.report.total('unchanged'),
                skipped: exported.report.total('skipped'),
                changedFiles: exported.changes.files.length,
            };
        }
        else {
            const snapshot = await SnapshotSource.fromDirectory(job.snapshotDir ?? '');
            const report = new RunReport();
            const applied = await runApply(snapshot, { client, log: silentLog, report }, {
                prune: false,
                allowReplace: false,
                dryRun: false,
                startClusters: false,
                permissions: job.inputs?.permissions === 'none' ? 'none' : 'all',
            });
            result.counts = {
                created: report.total('created'),
                updated: report.total('updated'),
                failed: applied.failed,
            };
            result.planLine = applied.plan.line;
        }
    }
    catch (error) {
        result.ok = false;
        result.error = error.message.split('\n')[0];
    }
    finally {
        clearInterval(sampler);
    }
    result.wallMs = performance.now() - started;
    // maxRSS is in kilobytes: the kernel's own peak, which sampling can miss.
    result.peakRssBytes = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    result.peakHeapBytes = peakHeap;
    result.stats = { ...client.stats };
    return result;
}
/** The `bench-worker` command: reads one job from the parent over IPC, answers with the result. */
function serveBenchWorker() {
    return new Promise((resolve) => {
        if (!process.send) {
            resolve(2);
            return;
        }
        process.once('message', (message) => {
            void runBenchJob(message).then((result) => {
                process.send?.(result, () => resolve(result.ok ? 0 : 1));
            });
        });
    });
}

;// CONCATENATED MODULE: ./src/bench/bench.ts
/**
 * `databricks-dr bench`: seeds emulated workspaces in this process (with per-request latency and a rate
 * limit), runs every scenario in a child process (its memory is the tool's alone) and measures wall time,
 * requests (the emulator's record and the client's stats), requests per object and peak memory. Prints a
 * table, writes JSON and checks the targets of issue 7.
 */











const MB = 1024 * 1024;
function runJob(job, inProcess) {
    if (inProcess)
        return runBenchJob(job);
    return new Promise((resolve, reject) => {
        const script = process.argv[1];
        const child = (0,external_node_child_process_namespaceObject.fork)(script, ['bench-worker'], {
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            execArgv: process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')),
        });
        let answered = false;
        child.once('message', (message) => {
            answered = true;
            resolve(message);
        });
        child.once('error', reject);
        child.once('exit', (code) => {
            if (!answered)
                reject(new Error(`the bench worker exited with ${code} without an answer`));
        });
        child.send(job);
    });
}
/** The emulator keeps every request body; import bodies of a full apply would take gigabytes. */
function dropBodies(emulators) {
    return setInterval(() => {
        for (const e of emulators)
            for (const r of e.requests)
                if (r.body !== undefined)
                    r.body = undefined;
    }, 200);
}
async function scenario(name, emulator, job, objects, inProcess) {
    emulator.clearRequests();
    const result = await runJob(job, inProcess);
    const byPath = {};
    for (const r of emulator.requests)
        byPath[r.path] = (byPath[r.path] ?? 0) + 1;
    const sorted = Object.fromEntries(Object.entries(byPath).sort((a, b) => b[1] - a[1]));
    const emulatorRequests = emulator.requests.length;
    return {
        scenario: name,
        ...result,
        emulatorRequests,
        throttled: emulator.requests.filter((r) => r.status === 429).length,
        requestsPerObject: objects ? emulatorRequests / objects : 0,
        byPath: sorted,
    };
}
async function runBench(options) {
    const { print } = options;
    const inProcess = options.inProcess ?? false;
    const sizes = [];
    const perEndpoint = options.perEndpoint ?? true;
    const endpoints = perEndpoint ? DATABRICKS_ENDPOINT_LIMITS : undefined;
    const faults = {
        latencyMs: options.latencyMs,
        rateLimit: { rps: options.rps, burst: options.burst, endpoints },
    };
    for (const n of options.notebooks) {
        print(`seeding ${n} notebooks, ${options.jobs} jobs, ${options.clusters} clusters...`);
        const primary = await startEmulator({ seed: 1, faults });
        const secondary = await startEmulator({ seed: 1001, faults });
        const dropper = dropBodies([primary, secondary]);
        const base = await external_node_fs_namespaceObject.promises.mkdtemp(external_node_path_namespaceObject.join(external_node_os_namespaceObject.tmpdir(), `databricks-dr-bench-${n}-`));
        try {
            const seeded = seedBenchWorkspace(primary, {
                notebooks: n,
                jobs: options.jobs,
                clusters: options.clusters,
            });
            const { repo } = await makeRepoWithRemote(external_node_path_namespaceObject.join(base, 'a'));
            const common = {
                token: primary.token,
                concurrency: options.concurrency,
                rateLimit: options.rps,
                paceEndpoints: perEndpoint,
                rateBurst: options.burst,
                repoDir: repo,
            };
            const exportJob = { ...common, op: 'export', host: primary.url };
            const results = [];
            const run = async (name, target, job) => {
                print(`  ${name}...`);
                const r = await scenario(name, target, job, seeded.objects, inProcess);
                if (!r.ok)
                    print(`  ${name} FAILED: ${r.error}`);
                results.push(r);
            };
            await run('export: full', primary, exportJob);
            await run('export: nothing changed', primary, exportJob);
            // Permissions have no change signal: a run that records them reads every ACL. Measured apart.
            await run('export: nothing changed, permissions none', primary, {
                ...exportJob,
                inputs: { permissions: 'none' },
            });
            const touched = touchNotebooks(primary, seeded.notebooks, 0.01);
            await run(`export: 1% changed (${touched})`, primary, exportJob);
            const applyJob = {
                ...common,
                op: 'apply',
                host: secondary.url,
                token: secondary.token,
                snapshotDir: external_node_path_namespaceObject.join(repo, 'databricks'),
            };
            await run('apply: full, empty target', secondary, applyJob);
            await run('apply: nothing changed', secondary, applyJob);
            await run('apply: nothing changed, permissions none', secondary, {
                ...applyJob,
                inputs: { permissions: 'none' },
            });
            if (options.baseline) {
                const { repo: repo1 } = await makeRepoWithRemote(external_node_path_namespaceObject.join(base, 'b'));
                await run('export: full, concurrency 1', primary, {
                    ...exportJob,
                    concurrency: 1,
                    rateLimit: undefined,
                    paceEndpoints: false,
                    repoDir: repo1,
                });
            }
            sizes.push({
                notebooks: n,
                seeded: {
                    files: seeded.files.length,
                    jobs: seeded.jobs,
                    clusters: seeded.clusters,
                    contentBytes: seeded.contentBytes,
                    objects: seeded.objects,
                },
                ...exportFloor(seeded, options.rps, endpoints),
                scenarios: results,
            });
        }
        finally {
            clearInterval(dropper);
            await primary.stop();
            await secondary.stop();
            await external_node_fs_namespaceObject.promises.rm(base, { recursive: true, force: true });
        }
    }
    const report = {
        generatedAt: new Date().toISOString(),
        node: process.version,
        kinds: KINDS.map((k) => k.name),
        options: {
            notebooks: options.notebooks,
            jobs: options.jobs,
            clusters: options.clusters,
            latencyMs: options.latencyMs,
            rps: options.rps,
            burst: options.burst,
            perEndpoint,
            concurrency: options.concurrency,
            baseline: options.baseline,
            inProcess,
        },
        sizes,
        targets: checkTargets(sizes),
    };
    await external_node_fs_namespaceObject.promises.mkdir(external_node_path_namespaceObject.dirname(external_node_path_namespaceObject.resolve(options.out)), { recursive: true });
    await external_node_fs_namespaceObject.promises.writeFile(options.out, stableJson(report));
    for (const line of renderTable(report))
        print(line);
    print(`written to ${options.out}`);
    return report;
}
/**
 * The floor of a full export: every budget must serve at least one request per object it covers
 * (contents through workspace export, every object's permissions, one read per job and cluster through the
 * default budget); the busiest one sets the pace. With one bucket for everything it is objects / rps.
 */
function exportFloor(seeded, rps, endpoints) {
    const contents = seeded.notebooks.length + seeded.files.length;
    const rate = (name) => endpoints?.find((e) => e.name === name)?.rps;
    const budgets = endpoints
        ? [
            ['workspace/export', contents, rate('workspace/export') ?? rps],
            ['permissions read', seeded.objects, rate('permissions read') ?? rps],
            ['default', seeded.jobs + seeded.clusters, rps],
        ]
        : [['one bucket', seeded.objects, rps]];
    const [name, requests, r] = budgets.reduce((a, b) => (b[1] / b[2] > a[1] / a[2] ? b : a));
    return {
        floorSeconds: requests / r,
        floorBudget: `${name}: ${requests} requests at ${Math.round(r * 10) / 10}/s`,
        permissionsFloorSeconds: seeded.objects / (rate('permissions read') ?? rps),
    };
}
function find(size, prefix) {
    return size.scenarios.find((s) => s.scenario.startsWith(prefix));
}
/**
 * The targets of issue 7. Permissions have no change signal in the API (a grant changes no modification
 * time), so a run that records them reads every object's ACL: "nothing changed" runs are held to 5% of the
 * full run with `permissions: none` (no unchanged content or config is fetched), and with permissions read
 * to the floor of those reads under the Permissions API's own budget.
 */
function checkTargets(sizes) {
    const out = [];
    const round = (x) => Math.round(x * 1000) / 1000;
    for (const size of sizes) {
        const n = size.notebooks;
        const full = find(size, 'export: full');
        const applyFull = find(size, 'apply: full');
        const ok = (...s) => s.every((x) => x?.ok);
        const floorRatio = (label, run, floorSeconds) => {
            if (!run || !ok(run) || !floorSeconds)
                return;
            const ratio = run.wallMs / 1000 / floorSeconds;
            out.push({ target: `${n}: ${label}`, value: round(ratio), limit: 1.2, pass: ratio <= 1.2 });
        };
        const noopRatio = (label, fullRun, noopRun) => {
            if (!fullRun || !noopRun || !ok(fullRun, noopRun))
                return;
            const ratio = noopRun.wallMs / fullRun.wallMs;
            out.push({ target: `${n}: ${label}`, value: round(ratio), limit: 0.05, pass: ratio <= 0.05 });
        };
        floorRatio('full export / rate-limit floor', full, size.floorSeconds);
        noopRatio('no-op export (permissions none) / full export', full, find(size, 'export: nothing changed, permissions none'));
        floorRatio('no-op export (permissions read) / permission-read floor', find(size, 'export: nothing changed'), size.permissionsFloorSeconds);
        noopRatio('no-op apply (permissions none) / full apply', applyFull, find(size, 'apply: nothing changed, permissions none'));
        const applyNoop = find(size, 'apply: nothing changed');
        if (applyNoop && applyFull && ok(applyNoop, applyFull))
            out.push({
                target: `${n}: no-op apply (permissions read) / full apply`,
                value: round(applyNoop.wallMs / applyFull.wallMs),
                limit: 0.05,
                pass: applyNoop.wallMs / applyFull.wallMs <= 0.05,
            });
        for (const s of size.scenarios.filter((x) => x.ok)) {
            const mb = s.peakRssBytes / MB;
            out.push({
                target: `${n}: peak RSS MB, ${s.scenario}`,
                value: Math.round(mb),
                limit: 300,
                pass: mb < 300,
            });
        }
        for (const s of size.scenarios.filter((x) => !x.ok))
            out.push({ target: `${n}: ${s.scenario} completes`, value: 0, limit: 1, pass: false });
    }
    return out;
}
function bench_pad(text, width, right = false) {
    return right ? text.padStart(width) : text.padEnd(width);
}
function renderTable(report) {
    const lines = [];
    const o = report.options;
    lines.push('', `kinds: ${report.kinds.join(', ')}; latency ${o.latencyMs} ms, rate limit ${o.rps}/s (burst ${o.burst})` +
        `${o.perEndpoint === false ? '' : ' and per-endpoint budgets'}, concurrency ${o.concurrency}`);
    const head = ['scenario', 'wall s', 'emu req', 'client', 'retries', '429s', 'req/obj', 'RSS MB', 'heap MB'];
    const widths = [40, 8, 8, 8, 8, 6, 8, 8, 8];
    for (const size of report.sizes) {
        const s = size.seeded;
        lines.push('', `${size.notebooks} notebooks, ${s.files} files, ${s.jobs} jobs, ${s.clusters} clusters = ${s.objects} objects, ` +
            `${Math.round(s.contentBytes / MB)} MB of content; rate-limit floor ${size.floorSeconds.toFixed(1)} s ` +
            `(${size.floorBudget})`);
        lines.push(head.map((h, i) => bench_pad(h, widths[i], i > 0)).join(' '));
        for (const r of size.scenarios) {
            const cells = [
                r.ok ? r.scenario : `${r.scenario} (FAILED)`,
                (r.wallMs / 1000).toFixed(2),
                String(r.emulatorRequests),
                String(r.stats.requests),
                String(r.stats.retries),
                String(r.throttled),
                r.requestsPerObject.toFixed(3),
                (r.peakRssBytes / MB).toFixed(0),
                (r.peakHeapBytes / MB).toFixed(0),
            ];
            lines.push(cells.map((c, i) => bench_pad(c, widths[i], i > 0)).join(' '));
        }
        const full = find(size, 'export: full,');
        const base = find(size, 'export: full');
        if (full && base && full !== base)
            lines.push(`concurrency 1 / concurrent full export: ${(full.wallMs / base.wallMs).toFixed(1)}x slower`);
    }
    lines.push('', 'targets:');
    for (const t of report.targets)
        lines.push(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.value} (limit ${t.limit})`);
    return lines;
}
/** Parses the CLI flags of `bench`; returns the process exit code. */
async function runBenchCli(flags, print) {
    const quick = Boolean(flags.quick);
    const list = (flags.notebooks ?? (quick ? '300' : '1000,10000'))
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((x) => Number.isInteger(x) && x > 0);
    if (list.length === 0)
        throw new Error(`--notebooks must be a list of counts, like 1000,10000`);
    const concurrency = flags.concurrency ? Number(flags.concurrency) : 8;
    const report = await runBench({
        notebooks: list,
        jobs: quick ? 50 : 500,
        clusters: quick ? 10 : 100,
        latencyMs: 30,
        rps: quick ? 60 : 100,
        burst: 20,
        concurrency,
        baseline: !flags['no-baseline'],
        out: flags.out ?? 'bench-results/bench.json',
        inProcess: flags['in-process'],
        perEndpoint: !flags['one-bucket'],
        print,
    });
    const failed = report.targets.filter((t) => !t.pass).length;
    print(failed ? `${failed} target(s) failed` : 'all targets met');
    return flags.strict && failed ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/cli/run.ts

















const USAGE = `databricks-dr: Databricks disaster recovery with git as the record

Usage:
  databricks-dr export   [connection] [--repo DIR] [--path databricks] [--workspace-paths /,...]
                         [--exclude GLOB]... [--no-commit] [--push] [--message TEXT] [--concurrency 8]
  databricks-dr plan     [connection] [--repo DIR] [--path databricks] [--ref REV] [--prune]
                         [--allow-replace] [--plan-file FILE]
  databricks-dr apply    (the plan options) [--dry-run] [--start-clusters]
                         [--activate-schedules | --pause-schedules]
  databricks-dr demo     [--dir DIR]          full DR drill on the emulator
  databricks-dr emulator [--port 8080] [--seed DIR] [--sample]
  databricks-dr bench    [--notebooks 1000,10000] [--out bench-results/bench.json] [--quick]
                         [--strict] [--no-baseline] [--one-bucket]   export/apply benchmark on emulators

Connection (as the Databricks CLI): --profile NAME (~/.databrickscfg), --host URL, or the environment
(DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CONFIG_PROFILE, DATABRICKS_CLIENT_ID/SECRET, ARM_*).
Tokens are read from the environment or the profile, never from the command line; so are secret values
for apply: DATABRICKS_DR_SECRETS='{"scope/key": "value"}'.`;
const OPTIONS = {
    host: { type: 'string' },
    profile: { type: 'string' },
    'auth-type': { type: 'string' },
    repo: { type: 'string' },
    path: { type: 'string' },
    'workspace-paths': { type: 'string' },
    exclude: { type: 'string', multiple: true },
    'no-commit': { type: 'boolean' },
    push: { type: 'boolean' },
    message: { type: 'string' },
    concurrency: { type: 'string' },
    'timeout-seconds': { type: 'string' },
    ref: { type: 'string' },
    prune: { type: 'boolean' },
    'allow-replace': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'start-clusters': { type: 'boolean' },
    'activate-schedules': { type: 'boolean' },
    'pause-schedules': { type: 'boolean' },
    'plan-file': { type: 'string' },
    'force-secret-values': { type: 'boolean' },
    'dbfs-max-mb': { type: 'string' },
    'on-credentials': { type: 'string' },
    permissions: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' },
    // demo / emulator
    dir: { type: 'string' },
    port: { type: 'string' },
    seed: { type: 'string' },
    sample: { type: 'boolean' },
    // bench
    notebooks: { type: 'string' },
    out: { type: 'string' },
    quick: { type: 'boolean' },
    strict: { type: 'boolean' },
    'no-baseline': { type: 'boolean' },
    'in-process': { type: 'boolean' },
    'one-bucket': { type: 'boolean' },
};
function terminalLog(io, verbose) {
    return {
        debug: (m) => verbose && io.stderr(`  ${m}`),
        info: (m) => io.stderr(m),
        warning: (m) => io.stderr(`warning: ${m}`),
        error: (m) => io.stderr(`error: ${m}`),
    };
}
async function runCli(argv, io) {
    let parsed;
    try {
        parsed = (0,external_node_util_namespaceObject.parseArgs)({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    }
    catch (error) {
        io.stderr(`databricks-dr: ${error.message} (see databricks-dr --help)`);
        return 2;
    }
    const { values, positionals } = parsed;
    const command = positionals[0];
    if (values.help || !command) {
        io.stdout(USAGE);
        return command || values.help ? 0 : 2;
    }
    const log = new MaskingLog(terminalLog(io, Boolean(values.verbose)));
    try {
        switch (command) {
            case 'export':
            case 'plan':
            case 'apply': {
                const flag = (b) => (b ? 'true' : 'false');
                const inputs = {
                    mode: command,
                    host: values.host,
                    profile: values.profile,
                    'auth-type': values['auth-type'],
                    path: values.path,
                    'workspace-paths': values['workspace-paths'],
                    exclude: values.exclude?.join('\n'),
                    commit: flag(!values['no-commit']),
                    push: flag(values.push),
                    'commit-message': values.message,
                    concurrency: values.concurrency,
                    'timeout-seconds': values['timeout-seconds'],
                    ref: values.ref,
                    prune: flag(values.prune),
                    'allow-replace': flag(values['allow-replace']),
                    'dry-run': flag(values['dry-run']),
                    'start-clusters': flag(values['start-clusters']),
                    'activate-schedules': flag(values['activate-schedules']),
                    'pause-schedules': flag(values['pause-schedules']),
                    'plan-file': values['plan-file'],
                    // Secret values come from the environment, never from the command line.
                    secrets: io.env.DATABRICKS_DR_SECRETS,
                    'force-secret-values': flag(values['force-secret-values']),
                    'dbfs-max-mb': values['dbfs-max-mb'],
                    'on-credentials': values['on-credentials'],
                    permissions: values.permissions,
                };
                const settings = parseSettings((name) => inputs[name], values.repo ?? process.cwd());
                for (const value of Object.values(settings.secretValues))
                    log.addSecret(value);
                const client = connect(settings, {
                    env: io.env,
                    homeDir: io.homeDir ?? external_node_os_namespaceObject.homedir(),
                    log,
                    onSecret: (s) => log.addSecret(s),
                });
                if (settings.mode !== 'export')
                    return await planOrApply(settings, client, log, io);
                const bar = io.isTTY
                    ? new cli_progress.SingleBar({ format: 'exporting {kind}: {value} objects, {duration}s', clearOnComplete: true })
                    : undefined;
                bar?.start(0, 0, { kind: '' });
                let n = 0;
                try {
                    const result = await runExport(settings, {
                        client,
                        log,
                        progress: bar ? (kind) => bar.update(++n, { kind }) : undefined,
                    });
                    bar?.stop();
                    io.stdout(exportSummaryText(result));
                }
                finally {
                    bar?.stop();
                }
                return 0;
            }
            case 'bench':
                return await runBenchCli(values, io.stdout);
            case 'bench-worker':
                return await serveBenchWorker();
            case 'demo':
                return await runDemo({ dir: values.dir, print: io.stdout, log });
            case 'emulator': {
                const port = values.port ? Number(values.port) : 8080;
                if (!Number.isInteger(port) || port < 0 || port > 65535)
                    throw new InputError(`--port must be 0-65535, got '${values.port}'`);
                const emulator = await serveEmulator({ port, seedDir: values.seed, sample: values.sample }, io.stdout);
                await new Promise((resolve) => {
                    process.once('SIGINT', resolve);
                    process.once('SIGTERM', resolve);
                });
                await emulator.stop();
                return 0;
            }
            default:
                io.stderr(`databricks-dr: unknown command '${command}' (see databricks-dr --help)`);
                return 2;
        }
    }
    catch (error) {
        io.stderr(`databricks-dr: ${error.message.split('\n')[0]}`);
        return 1;
    }
}
async function planOrApply(settings, client, log, io) {
    const { plan, report, dryRun, failed } = await runPlanOrApply(settings, { client, log });
    io.stdout(planText(plan));
    if (settings.planFile)
        await external_node_fs_namespaceObject.promises.writeFile(external_node_path_namespaceObject.resolve(settings.repoDir, settings.planFile), stableJson(planJson(plan)));
    if (!dryRun)
        io.stdout(applySummaryText(report));
    return failed > 0 ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/cli.ts

/** The local CLI: the same core as the action, with the Databricks CLI's conventions. */
runCli(process.argv.slice(2), {
    env: process.env,
    stdout: (line) => process.stdout.write(line + '\n'),
    stderr: (line) => process.stderr.write(line + '\n'),
    isTTY: Boolean(process.stderr.isTTY),
}).then((code) => {
    process.exitCode = code;
});


//# sourceMappingURL=index.js.map