package privacy

import (
	_ "embed"
	"strings"
	"sync"
)

// The word lists are derived from public data by data/gen.sh; see
// README.md for sources and licences.
var (
	//go:embed data/given.txt
	givenData string
	//go:embed data/surnames.txt
	surnameData string
	//go:embed data/words.txt
	wordData string
	//go:embed data/cities.txt
	cityData string
)

type flag uint32

const (
	fWord     flag = 1 << iota // an ordinary lower-case English word
	fGiven                     // a given name
	fSurname                   // a surname or other name part
	fCity                      // a US city (the whole, possibly multi-word, key)
	fCityHead                  // first word of a multi-word city
	fMonth
	fWeekday
	fState   // US state or country: never PHI
	fNotName // drugs, institutions, eponyms, holidays…: never a name
	fKin     // son, daughter, …: a name often follows
	fTitle   // Dr, Mrs, …: a name follows
	fIntro   // named, called, …: a name follows
	fStreet  // street suffix
	fLocPrep // in, from, near: a place may follow
	fInst    // Hospital, Clinic, …: the capitalized words before are an institution
	fEponym  // syndrome, disease, …: the capitalized word before is an eponym
	fUnit    // mg, ml, %, …: the number before is a measure
	fFunc    // function words that can start a capitalized title line
)

type lex struct {
	m         map[string]flag
	stateAbbr map[string]bool
}

var (
	lexOnce sync.Once
	lexVal  *lex
)

// lexicon builds the lookup table once, on first use, so importing the
// package costs nothing until a post is scanned.
func lexicon() *lex {
	lexOnce.Do(func() { lexVal = buildLexicon() })
	return lexVal
}

func buildLexicon() *lex {
	l := &lex{m: make(map[string]flag, 140000), stateAbbr: map[string]bool{}}
	addLines := func(data string, f flag) {
		for len(data) > 0 {
			i := strings.IndexByte(data, '\n')
			line := data
			if i >= 0 {
				line, data = data[:i], data[i+1:]
			} else {
				data = ""
			}
			if line == "" {
				continue
			}
			l.add(strings.ToLower(line), f)
		}
	}
	addLines(wordData, fWord)
	addLines(givenData, fGiven)
	addLines(surnameData, fSurname)
	for len(cityData) > 0 {
		i := strings.IndexByte(cityData, '\n')
		line := cityData
		if i >= 0 {
			line = cityData[:i]
		}
		if line != "" {
			k := strings.ToLower(line)
			l.add(k, fCity)
			if sp := strings.IndexByte(k, ' '); sp > 0 {
				l.add(k[:sp], fCityHead)
			}
		}
		if i < 0 {
			break
		}
		cityData = cityData[i+1:]
	}
	addWords := func(s string, f flag) {
		for _, w := range strings.Fields(s) {
			l.add(strings.ReplaceAll(w, "_", " "), f)
		}
	}
	addWords(months, fMonth)
	addWords(weekdays, fWeekday)
	addWords(states, fState)
	addWords(countries, fState)
	addWords(notNames, fNotName)
	addWords(drugs, fNotName)
	addWords(eponymNames, fNotName)
	addWords(kin, fKin)
	addWords(titles, fTitle)
	addWords(intros, fIntro)
	addWords(streets, fStreet)
	addWords(locPreps, fLocPrep)
	addWords(institutions, fInst)
	addWords(eponymCtx, fEponym)
	addWords(units, fUnit)
	addWords(funcWords, fFunc)
	for _, a := range strings.Fields(stateAbbrs) {
		l.stateAbbr[a] = true
	}
	// Months and weekdays double as names (April, June); they are
	// handled as dates unless a cue says "name".
	for _, w := range strings.Fields(months + " " + weekdays) {
		l.m[w] &^= fGiven | fSurname
	}
	return l
}

func (l *lex) add(k string, f flag) { l.m[k] |= f }

// look returns the flags of a word, case-insensitively. The lower-case
// copy goes into buf so the common ASCII case does not allocate.
func (l *lex) look(w string, buf []byte) flag {
	if len(w) > 48 {
		return 0
	}
	b := buf[:0]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return l.m[strings.ToLower(w)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return l.m[string(b)]
}

const months = `january february march april may june july august september
october november december jan feb mar apr jun jul aug sep sept oct nov dec`

const weekdays = `monday tuesday wednesday thursday friday saturday sunday
mon tue tues wed thu thur thurs fri sat sun`

const states = `alabama alaska arizona arkansas california colorado connecticut
delaware florida georgia hawaii idaho illinois indiana iowa kansas kentucky
louisiana maine maryland massachusetts michigan minnesota mississippi
missouri montana nebraska nevada new_hampshire new_jersey new_mexico new_york
north_carolina north_dakota ohio oklahoma oregon pennsylvania rhode_island
south_carolina south_dakota tennessee texas utah vermont virginia washington
west_virginia wisconsin wyoming puerto_rico guam dc new north south west`

const stateAbbrs = `AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD
MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA
WA WV WI WY DC PR GU VI`

const countries = `america usa canada mexico england scotland wales ireland
britain uk france germany spain italy portugal netherlands belgium sweden
norway denmark finland poland russia ukraine china japan korea india pakistan
israel egypt nigeria kenya ghana brazil argentina chile peru colombia
venezuela cuba jamaica haiti philippines vietnam thailand australia
zealand africa europe asia`

// notNames are capitalized words that look like names in the lists but
// in health talk are almost always something else.
const notNames = `god lord jesus christ allah bible christmas easter thanksgiving
halloween hanukkah ramadan valentine mom mommy mum dad daddy papa mama nana
grandma grandpa granny gramma grandpa grandmother grandfather auntie
hospital clinic doctor nurse er icu nicu picu ed ot pt st saint mount mt
medicare medicaid tricare aetna cigna humana anthem kaiser permanente
blue cross shield unitedhealthcare optum
mayo hopkins kettering sloan jude sinai cedars farber lurie nemours shriners
geisinger ochsner lahey scripps rady vanderbilt emory duke stanford yale
harvard baylor langone northwestern beaumont intermountain mercy upmc ucla
ucsf nyu chop cdc fda nih who ama aap
facebook instagram twitter youtube tiktok reddit google amazon walmart
target costco cvs walgreens zoom
covid coronavirus omicron delta
english spanish american african asian hispanic latino latina
i im ive ill id i'm i’m i'd i'll i've
honda toyota ford chevy chevrolet nissan subaru kia hyundai tesla dodge jeep
mazda lexus buick volvo bmw audi volkswagen chrysler cadillac`

// drugs are brand and generic names common in community posts.
const drugs = `keppra levetiracetam briviact brivaracetam lamictal lamotrigine
depakote depakene valproate trileptal oxcarbazepine tegretol carbamazepine
topamax topiramate zonegran zonisamide onfi clobazam klonopin clonazepam
ativan lorazepam valium diazepam diastat valtoco nayzilam midazolam
epidiolex fintepla fenfluramine diacomit stiripentol banzel rufinamide
vimpat lacosamide xcopri cenobamate fycompa perampanel sabril vigabatrin
dilantin phenytoin phenobarbital neurontin gabapentin lyrica pregabalin
tylenol acetaminophen motrin advil ibuprofen aleve naproxen aspirin
benadryl zyrtec claritin allegra flonase singulair miralax colace zofran
ondansetron reglan nexium prilosec omeprazole pepcid famotidine lasix
coumadin warfarin eliquis xarelto plavix lipitor crestor zocor norvasc
lisinopril metformin ozempic wegovy mounjaro zepbound jardiance januvia
trulicity lantus humalog novolog tresiba levemir basaglar dexcom omnipod
synthroid levothyroxine prednisone prednisolone medrol solumedrol
abilify seroquel risperdal adderall ritalin concerta vyvanse strattera
intuniv guanfacine clonidine wellbutrin cymbalta effexor prozac zoloft
lexapro celexa paxil trazodone melatonin humira remicade stelara entyvio
skyrizi rinvoq cimzia enbrel otezla xeljanz ocrevus kesimpta tysabri
tecfidera gilenya copaxone avonex rebif spinraza zolgensma evrysdi
trikafta kalydeco orkambi symdeko pulmozyme creon zenpep tobi cayston
advair symbicort albuterol xolair dupixent nucala fasenra sinemet rytary
carbidopa levodopa azilect requip mirapex nuplazid aricept namenda
leqembi aduhelm keytruda opdivo herceptin tamoxifen gleevec revlimid
chemo methotrexate imuran azathioprine mesalamine lialda apriso asacol
budesonide entocort uceris cellcept tacrolimus prograf botox ajovy aimovig
emgality nurtec ubrelvy imitrex sumatriptan fioricet baclofen tizanidine
zanaflex norco vicodin percocet oxycodone tramadol suboxone narcan`

// eponymNames are surnames that in health talk name a condition.
const eponymNames = `crohn crohns dravet parkinson parkinsons alzheimer alzheimers
huntington huntingtons tourette tourettes asperger aspergers hodgkin hodgkins
hashimoto hashimotos addison addisons cushing cushings sjogren sjogrens
sjögren guillain barre barré lennox gastaut rett angelman marfan ehlers
danlos kawasaki raynaud raynauds meniere menieres ménière tay sachs duchenne
prader willi noonan digeorge hirschsprung wilms ewing ewings kaposi burkitt
apgar gehrig paget whipple reye reyes munchausen chiari doose landau
kleffner jeavons rasmussen sturge weber pompe gaucher fabry batten
charcot tooth wolff parkinson's kearns sayre leigh alport
graves bell lou`

// eponymCtx words make the capitalized word before them an eponym.
const eponymCtx = `syndrome syndromes disease diseases palsy disorder sarcoma
lymphoma esophagus tumor tumour test scale score sign maneuver procedure
phenomenon malformation anomaly encephalopathy epilepsy dystrophy ataxia
type protocol diet method terrier terriers funding act program award
scholarship fund law area region valley`

const kin = `son sons daughter daughters kid kids child children boy boys girl
girls baby babies toddler teen teenager husband wife hubby partner spouse
fiance fiancé fiancee fiancée boyfriend girlfriend mother father mom dad
mum brother sister bro sis sibling siblings twin twins grandson
granddaughter grandchild grandbaby grandma grandpa grandmother grandfather
granny nana aunt auntie uncle nephew niece cousin friend bestie neighbor
neighbour roommate coworker stepson stepdaughter stepmom stepdad mil fil
dh dd ds dw bf gf lo newborn infant preemie`

const titles = `dr dr. doctor nurse np pa mr mrs ms miss mx prof professor
pastor rev reverend father fr coach aunt auntie uncle grandma grandpa nana
papa gigi officer sgt captain therapist`

const intros = `named called nicknamed name name's names`

const streets = `street st avenue ave road rd boulevard blvd drive dr lane ln
way court ct place pl terrace ter circle cir parkway pkwy highway hwy
trail trl square sq loop pike alley row crescent cres run path`

const locPreps = `in from near outside around to of live lives living moved
move grew`

const institutions = `hospital hospitals clinic clinics medical center centre
health healthcare university college school academy institute foundation
children's childrens cancer memorial research pharmacy church society
association network campus hall labs lab laboratory library center's
hospice rehab house`

const units = `mg mcg µg g kg ml l cc iu units unit % percent lbs lb pounds
pound oz ounces kg mmhg bpm mmol mg/dl dl degrees° f c times hours hrs
minutes mins seconds days weeks months years percentile beats`

const funcWords = `the a an and or of for to in on with at by from our my your
is are how what why when`
